import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AcceptedImageType } from "../fal/schema";
import { EXTENSION_BY_TYPE } from "../images/sniff";

/**
 * The offline engine's file store: what fal's CDN is to the real endpoint. Uploads arrive through
 * signed, expiring URLs that work once; files are served back by name and pruned by age.
 *
 * Every file belongs to the client that uploaded it (or whose request drew it), and lives in that
 * owner's folder (`files/<owner>/<name>`), so a scan of names and sizes at start rebuilds the
 * quotas without reading any file: a total for `DATA_DIR` and one per client.
 */
const FILE_NAME_PATTERN = /^([A-Za-z0-9_-]{22})\.(jpg|png|webp)$/;
const OWNER_PATTERN = /^[0-9a-f]{16}$|^any$/;
const TYPE_BY_EXTENSION: Record<string, AcceptedImageType> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };
const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;

export interface StoredFile {
  bytes: Buffer;
  contentType: AcceptedImageType;
}

export interface StorageQuota {
  totalBytes: number;
  perClientBytes: number;
}

/** Who a file or request is charged to: a short hash of the client's address, or `any` when unknown. */
export function ownerOf(client: string | undefined): string {
  return client ? createHash("sha256").update(client).digest("hex").slice(0, 16) : "any";
}

export type WriteResult = "written" | "exists" | "client_full" | "store_full";

/** What a caller is told when a write is refused, with what to do about it. */
export const WRITE_REFUSALS: Record<Exclude<WriteResult, "written">, string> = {
  exists: "This upload URL was already used. Ask for a new one (upload the file again).",
  client_full: "You have used all the storage this offline engine keeps per user. Files older than a day are removed; try again later or free space by finishing fewer requests at once.",
  store_full: "The offline engine's storage is full. Files older than a day are removed; try again later.",
};

interface Entry {
  owner: string;
  size: number;
  mtimeMs: number;
}

export class FileStore {
  readonly filesDir: string;
  private secretPromise?: Promise<Buffer>;
  private indexPromise?: Promise<void>;
  private readonly entries = new Map<string, Entry>();
  private readonly bytesByOwner = new Map<string, number>();
  private totalBytes = 0;
  /** Names being written right now: a second upload to the same URL is refused, not raced. */
  private readonly writing = new Set<string>();

  constructor(
    readonly dataDir: string,
    private readonly quota: StorageQuota = { totalBytes: Infinity, perClientBytes: Infinity },
  ) {
    this.filesDir = path.join(dataDir, "files");
  }

  private get secret(): Promise<Buffer> {
    this.secretPromise ??= this.loadSecret();
    return this.secretPromise;
  }

  /** A secret kept on disk so upload URLs survive a restart of the server. */
  private async loadSecret(): Promise<Buffer> {
    await mkdir(this.filesDir, { recursive: true });
    const secretPath = path.join(this.dataDir, "upload-secret");
    try {
      return await readFile(secretPath);
    } catch {
      const secret = randomBytes(32);
      await writeFile(secretPath, secret, { mode: 0o600 });
      return secret;
    }
  }

  /** Names and sizes only: one `readdir` per owner and a `stat` per file, never a read. */
  private ready(): Promise<void> {
    this.indexPromise ??= (async () => {
      for (const owner of await readdir(this.filesDir).catch(() => [])) {
        if (!OWNER_PATTERN.test(owner)) continue;
        const dir = path.join(this.filesDir, owner);
        for (const name of await readdir(dir).catch(() => [])) {
          const info = await stat(path.join(dir, name)).catch(() => null);
          if (info?.isFile() && FILE_NAME_PATTERN.test(name)) this.track(name, { owner, size: info.size, mtimeMs: info.mtimeMs });
        }
      }
    })();
    return this.indexPromise;
  }

  private track(name: string, entry: Entry): void {
    this.entries.set(name, entry);
    this.totalBytes += entry.size;
    this.bytesByOwner.set(entry.owner, (this.bytesByOwner.get(entry.owner) ?? 0) + entry.size);
  }

  private untrack(name: string): Entry | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    this.entries.delete(name);
    this.totalBytes -= entry.size;
    const left = (this.bytesByOwner.get(entry.owner) ?? 0) - entry.size;
    if (left > 0) this.bytesByOwner.set(entry.owner, left);
    else this.bytesByOwner.delete(entry.owner);
    return entry;
  }

  /** Whether `owner` may store `bytes` more: `ok`, or which quota it would pass. */
  async room(owner: string, bytes = 0): Promise<"ok" | "client_full" | "store_full"> {
    await this.ready();
    if (this.totalBytes + bytes > this.quota.totalBytes) return "store_full";
    if ((this.bytesByOwner.get(owner) ?? 0) + bytes > this.quota.perClientBytes) return "client_full";
    return "ok";
  }

  async usage(): Promise<{ totalBytes: number; files: number }> {
    await this.ready();
    return { totalBytes: this.totalBytes, files: this.entries.size };
  }

  newFileName(contentType: AcceptedImageType): string {
    return `${randomBytes(16).toString("base64url")}.${EXTENSION_BY_TYPE[contentType]}`;
  }

  private async sign(fileName: string, expiresAt: number, owner: string): Promise<string> {
    return createHmac("sha256", await this.secret).update(`${fileName}:${expiresAt}:${owner}`).digest("base64url");
  }

  /** The query of a signed upload URL, charging the upload to `owner`. */
  async uploadQuery(fileName: string, owner: string, now = Date.now()): Promise<string> {
    const expires = now + UPLOAD_URL_TTL_MS;
    return new URLSearchParams({ expires: String(expires), owner, signature: await this.sign(fileName, expires, owner) }).toString();
  }

  /** The owner a signed upload URL charges, or null when it is forged or expired. */
  async verifyUpload(fileName: string, params: URLSearchParams, now = Date.now()): Promise<string | null> {
    const expires = Number(params.get("expires"));
    const owner = params.get("owner") ?? "";
    const given = Buffer.from(params.get("signature") ?? "", "base64url");
    if (!Number.isFinite(expires) || expires < now || !OWNER_PATTERN.test(owner)) return null;
    const expected = Buffer.from(await this.sign(fileName, expires, owner), "base64url");
    return given.length === expected.length && timingSafeEqual(given, expected) ? owner : null;
  }

  parseName(fileName: string): { name: string; contentType: AcceptedImageType } | null {
    const match = FILE_NAME_PATTERN.exec(fileName);
    const type = match?.[2] ? TYPE_BY_EXTENSION[match[2]] : undefined;
    return match && type ? { name: fileName, contentType: type } : null;
  }

  /** Whether the name is taken (written, or being written): an upload URL works once. */
  async used(fileName: string): Promise<boolean> {
    await this.ready();
    return this.entries.has(fileName) || this.writing.has(fileName);
  }

  /** Writes a new file once, within the quotas; never overwrites. */
  async write(fileName: string, owner: string, bytes: Uint8Array): Promise<WriteResult> {
    await this.ready();
    if (this.entries.has(fileName) || this.writing.has(fileName)) return "exists";
    const room = await this.room(owner, bytes.byteLength);
    if (room !== "ok") return room;
    this.writing.add(fileName);
    try {
      const dir = path.join(this.filesDir, owner);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, fileName), bytes, { flag: "wx" });
      this.track(fileName, { owner, size: bytes.byteLength, mtimeMs: Date.now() });
      return "written";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
      throw error;
    } finally {
      this.writing.delete(fileName);
    }
  }

  async read(fileName: string): Promise<StoredFile | null> {
    const parsed = this.parseName(fileName);
    if (!parsed) return null;
    await this.ready();
    const entry = this.entries.get(parsed.name);
    if (!entry) return null;
    try {
      return { bytes: await readFile(path.join(this.filesDir, entry.owner, parsed.name)), contentType: parsed.contentType };
    } catch {
      return null;
    }
  }

  async remove(fileName: string): Promise<void> {
    await this.ready();
    const entry = this.untrack(fileName);
    if (entry) await rm(path.join(this.filesDir, entry.owner, fileName), { force: true });
  }

  /** Removes files older than the retention window; returns how many went. */
  async prune(retentionMs: number, now = Date.now()): Promise<number> {
    await this.ready();
    const old = [...this.entries].filter(([, entry]) => now - entry.mtimeMs > retentionMs).map(([name]) => name);
    for (const name of old) await this.remove(name);
    return old.length;
  }
}
