import { Inflate, strFromU8 } from "fflate";
import { crc32 } from "../checksums";
import { formatBytes } from "../format-bytes";
import type { BundleLimits } from "./bundle-schema";
import { BundleError, quote, RETRY_EXPORT } from "./bundle-common";
import { CHUNK } from "./time-slice";

/**
 * Reads the ZIP container of a bundle by hand (the central directory, then each entry's local
 * header) rather than with fflate's `unzip`, because `unzip` returns an object (duplicate names
 * collapse silently), does not check CRCs, quietly cuts short a stored entry that runs past the
 * end of the file and, given a declared size, quietly truncates a deflated entry that inflates to
 * more. Here every declared size can be checked against the limits before anything is inflated,
 * inflation is streamed and stops as soon as an entry produces more than it declared, and every
 * entry read is checked against its CRC-32. fflate does the DEFLATE work.
 */

/** Compressed bytes pushed to the inflater at a time: bounds what one push can produce (~1000:1). */
const INFLATE_CHUNK = 16 * 1024;

async function crc32Paused(data: Uint8Array, pause: () => Promise<void>): Promise<number> {
  let crc = 0;
  for (let start = 0; start < data.length; start += CHUNK) {
    crc = crc32(data, start, Math.min(start + CHUNK, data.length), crc);
    await pause();
  }
  return crc;
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
  dataStart: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
/** Past 2^53 the value is meaningless, but it is far past every limit, which is all that matters. */
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

const NOT_ZIP = "This file is not a Castboard project bundle: it is not a ZIP archive. Choose the .castboard.zip file that Castboard exported.";
const TRUNCATED =
  "This bundle is incomplete: the end of the ZIP archive is missing, so it was probably cut short while downloading or copying. Download or copy it again, then import the new copy.";
const corrupt = (what: string) =>
  new BundleError("not_zip", `This bundle's ZIP structure is damaged (${what}), so it can't be read safely. ${RETRY_EXPORT}`);

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (u32(bytes, at) === SIG_END && at + 22 + u16(bytes, at + 20) <= bytes.length) return at;
  }
  return -1;
}

/** Reads the central directory and each entry's local header; inflates nothing. */
export function readZipDirectory(bytes: Uint8Array, limits: BundleLimits): ZipEntry[] {
  if (bytes.length < 22) throw new BundleError("not_zip", u32(bytes, 0) === SIG_LOCAL ? TRUNCATED : NOT_ZIP);
  const end = findEndOfCentralDirectory(bytes);
  if (end < 0) throw new BundleError("not_zip", u32(bytes, 0) === SIG_LOCAL ? TRUNCATED : NOT_ZIP);

  let disk = u16(bytes, end + 4);
  let cdDisk = u16(bytes, end + 6);
  let diskEntries = u16(bytes, end + 8);
  let count = u16(bytes, end + 10);
  let cdSize = u32(bytes, end + 12);
  let cdOffset = u32(bytes, end + 16);
  let cdLimit = end;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || diskEntries === 0xffff) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== SIG_ZIP64_LOCATOR) throw corrupt("its ZIP64 locator is missing");
    const record = u64(bytes, locator + 8);
    if (record + 56 > locator || u32(bytes, record) !== SIG_ZIP64_END) throw corrupt("its ZIP64 directory record is missing");
    disk = u32(bytes, record + 16);
    cdDisk = u32(bytes, record + 20);
    diskEntries = u64(bytes, record + 24);
    count = u64(bytes, record + 32);
    cdSize = u64(bytes, record + 40);
    cdOffset = u64(bytes, record + 48);
    cdLimit = record;
  }
  if (disk !== 0 || cdDisk !== 0 || diskEntries !== count) {
    throw new BundleError("unsupported", "This bundle is part of a multi-part (split) ZIP archive, which Castboard can't import. Use the single .castboard.zip file Castboard exported.");
  }
  if (count > limits.entries) {
    throw new BundleError(
      "too_many_entries",
      `This ZIP holds ${count.toLocaleString("en")} files; a Castboard bundle holds at most ${limits.entries.toLocaleString("en")}, so it was not made by Castboard and was not opened.`,
    );
  }
  if (cdOffset + cdSize > cdLimit) throw new BundleError("not_zip", TRUNCATED);

  const entries: ZipEntry[] = [];
  const cdEnd = cdOffset + cdSize;
  let at = cdOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > cdEnd || u32(bytes, at) !== SIG_CENTRAL) throw corrupt("its file list is cut short");
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const startDisk = u16(bytes, at + 34);
    let headerOffset = u32(bytes, at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdEnd) throw corrupt("its file list is cut short");
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // ZIP64: the fields set to all ones are in the 0x0001 extra field, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || headerOffset === 0xffffffff) {
      let found = false;
      for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(bytes, x + 2)) {
        if (u16(bytes, x) !== 1) continue;
        let field = x + 4;
        if (size === 0xffffffff) {
          size = u64(bytes, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, field);
          field += 8;
        }
        if (headerOffset === 0xffffffff) headerOffset = u64(bytes, field);
        found = true;
        break;
      }
      if (!found) throw corrupt("an entry's ZIP64 sizes are missing");
    }
    if (startDisk !== 0 && startDisk !== 0xffff) throw new BundleError("unsupported", "This bundle is part of a multi-part (split) ZIP archive, which Castboard can't import.");
    // Bit 11: the name is UTF-8; otherwise it is read byte per character, as fflate does.
    const name = strFromU8(nameBytes, !(flags & 0x800));

    if (headerOffset + 30 > cdOffset || u32(bytes, headerOffset) !== SIG_LOCAL) throw corrupt(`the entry ${quote(name)} is not where the file list says`);
    const localNameLength = u16(bytes, headerOffset + 26);
    const localExtraLength = u16(bytes, headerOffset + 28);
    const localName = bytes.subarray(headerOffset + 30, headerOffset + 30 + localNameLength);
    if (localNameLength !== nameLength || localName.some((b, i) => b !== nameBytes[i])) {
      throw corrupt(`the entry ${quote(name)} has a different name in its own header`);
    }
    const dataStart = headerOffset + 30 + localNameLength + localExtraLength;
    if (dataStart + compressedSize > cdOffset) throw new BundleError("not_zip", TRUNCATED);
    entries.push({ name, flags, method, crc, compressedSize, size, headerOffset, dataStart });
    at = next;
  }

  // Entries whose data overlap are the trick of non-recursive zip bombs; a real archive never has them.
  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    if (byOffset[i]!.headerOffset < previous.dataStart + previous.compressedSize) {
      throw corrupt(`the entries ${quote(previous.name)} and ${quote(byOffset[i]!.name)} overlap`);
    }
  }
  return entries;
}

/** Why an entry name could write outside the folder it is extracted to, or alias another; null if it is safe. */
export function unsafePathReason(name: string): string | null {
  if (name.length === 0) return "it has no name";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains control characters";
  if (name.includes("\\")) return "it contains a backslash";
  if (name.startsWith("/")) return "it is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "it starts with a drive letter";
  const segments = (name.endsWith("/") ? name.slice(0, -1) : name).split("/");
  if (segments.some((s) => s === "..")) return "it climbs out of the bundle with “..”";
  if (segments.some((s) => s === "" || s === ".")) return "it contains an empty or “.” folder name";
  return null;
}

/** An entry's bytes, decompressed and checked against its declared size and CRC. */
export async function readEntry(bytes: Uint8Array, entry: ZipEntry, pause: () => Promise<void>): Promise<Uint8Array> {
  if (entry.flags & 0x1) {
    throw new BundleError("unsupported", `${quote(entry.name)} in this bundle is encrypted; Castboard bundles never are. ${RETRY_EXPORT}`, entry.name);
  }
  const raw = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) {
      throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: its stored size does not match its declared size. ${RETRY_EXPORT}`, entry.name);
    }
    data = raw;
  } else if (entry.method === 8) data = await inflateBounded(raw, entry, pause);
  else {
    throw new BundleError(
      "unsupported",
      `${quote(entry.name)} in this bundle uses a compression method (${entry.method}) Castboard can't read. Castboard bundles use only the standard one (Deflate). ${RETRY_EXPORT}`,
      entry.name,
    );
  }
  if ((await crc32Paused(data, pause)) !== entry.crc) {
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: its checksum does not match. ${RETRY_EXPORT}`, entry.name);
  }
  return data;
}

/** Streams DEFLATE into a buffer of the declared size and stops the moment the entry would outgrow it. */
async function inflateBounded(input: Uint8Array, entry: ZipEntry, pause: () => Promise<void>): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let length = 0;
  const tooBig = () =>
    new BundleError(
      "damaged",
      `${quote(entry.name)} in this bundle unpacks to more than the ${formatBytes(entry.size)} it declares, so the bundle is damaged or built to exhaust memory (a "zip bomb"). It was not opened.`,
      entry.name,
    );
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > out.length) throw tooBig();
    out.set(chunk, length);
    length += chunk.length;
  });
  try {
    if (input.length === 0) throw new Error("no data");
    for (let start = 0; start < input.length; start += INFLATE_CHUNK) {
      inflater.push(input.subarray(start, start + INFLATE_CHUNK), start + INFLATE_CHUNK >= input.length);
      await pause();
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: it can't be decompressed. ${RETRY_EXPORT}`, entry.name);
  }
  if (length !== out.length) {
    throw new BundleError("damaged", `${quote(entry.name)} in this bundle is damaged: it is shorter than it declares. ${RETRY_EXPORT}`, entry.name);
  }
  return out;
}
