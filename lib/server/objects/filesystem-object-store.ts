import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ACCEPTED_IMAGE_TYPES, type AcceptedImageType } from "../../fal/schema";
import { EXTENSION_BY_TYPE } from "../../images/sniff";
import { assertHash, type ObjectStore, type StoredObject } from "./object-store";

/**
 * Images under `<DATA_DIR>/objects/<first two hex digits>/<hash>.<ext>`. A write goes to a
 * temporary file renamed into place, so a reader never sees half an image and a crash leaves none.
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly kind = "filesystem";

  constructor(private readonly root: string) {}

  private file(hash: string, type: AcceptedImageType): string {
    assertHash(hash);
    // Chosen at run time by the operator; not a file the build should trace.
    return path.join(/*turbopackIgnore: true*/ this.root, hash.slice(0, 2), `${hash}.${EXTENSION_BY_TYPE[type]}`);
  }

  private async find(hash: string): Promise<{ file: string; type: AcceptedImageType } | null> {
    for (const type of ACCEPTED_IMAGE_TYPES) {
      const file = this.file(hash, type);
      const found = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (found) return { file, type };
    }
    return null;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.find(hash)) !== null;
  }

  async put(hash: string, bytes: Uint8Array, type: AcceptedImageType): Promise<void> {
    const file = this.file(hash, type);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(hash: string): Promise<StoredObject | null> {
    const found = await this.find(hash);
    if (!found) return null;
    const bytes = await readFile(found.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    return bytes ? { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), type: found.type } : null;
  }
}
