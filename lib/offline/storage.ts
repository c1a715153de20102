import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AcceptedImageType } from "../fal/schema";
import { EXTENSION_BY_TYPE } from "../images/sniff";

/**
 * The offline engine's file store: what fal's CDN is to the real endpoint. Uploads arrive
 * through signed, expiring URLs; files are served back by id and pruned by age.
 */
const FILE_NAME_PATTERN = /^([A-Za-z0-9_-]{22})\.(jpg|png|webp)$/;
const TYPE_BY_EXTENSION: Record<string, AcceptedImageType> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };
const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;

export interface StoredFile {
  bytes: Buffer;
  contentType: AcceptedImageType;
}

export class FileStore {
  readonly filesDir: string;
  private secretPromise?: Promise<Buffer>;

  constructor(readonly dataDir: string) {
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

  newFileName(contentType: AcceptedImageType): string {
    return `${randomBytes(16).toString("base64url")}.${EXTENSION_BY_TYPE[contentType]}`;
  }

  async sign(fileName: string, expiresAt: number): Promise<string> {
    return createHmac("sha256", await this.secret).update(`${fileName}:${expiresAt}`).digest("base64url");
  }

  async uploadQuery(fileName: string, now = Date.now()): Promise<string> {
    const expires = now + UPLOAD_URL_TTL_MS;
    return `expires=${expires}&signature=${await this.sign(fileName, expires)}`;
  }

  async verifyUpload(fileName: string, params: URLSearchParams, now = Date.now()): Promise<boolean> {
    const expires = Number(params.get("expires"));
    const given = Buffer.from(params.get("signature") ?? "", "base64url");
    if (!Number.isFinite(expires) || expires < now) return false;
    const expected = Buffer.from(await this.sign(fileName, expires), "base64url");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  parseName(fileName: string): { name: string; contentType: AcceptedImageType } | null {
    const match = FILE_NAME_PATTERN.exec(fileName);
    const type = match?.[2] ? TYPE_BY_EXTENSION[match[2]] : undefined;
    return match && type ? { name: fileName, contentType: type } : null;
  }

  async write(fileName: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    await writeFile(path.join(this.filesDir, fileName), bytes);
  }

  async read(fileName: string): Promise<StoredFile | null> {
    const parsed = this.parseName(fileName);
    if (!parsed) return null;
    try {
      return { bytes: await readFile(path.join(this.filesDir, parsed.name)), contentType: parsed.contentType };
    } catch {
      return null;
    }
  }

  /** Removes files older than the retention window; returns how many went. */
  async prune(retentionMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.filesDir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const full = path.join(this.filesDir, name);
      const info = await stat(full).catch(() => null);
      if (info && now - info.mtimeMs > retentionMs) {
        await rm(full, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}
