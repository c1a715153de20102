import "server-only";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AcceptedImageType } from "../../fal/schema";
import { assertHash, isImageType, type ObjectStore, type StoredObject } from "./object-store";

export interface S3Settings {
  bucket: string;
  /** Unset for AWS itself; MinIO, R2 and others give theirs. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `bucket` in the path rather than the host name, as MinIO and R2 expect. */
  forcePathStyle: boolean;
}

const notFound = (error: unknown) => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NotFound" || name === "NoSuchKey" || $metadata?.httpStatusCode === 404;
};

/** Images as `images/<hash>` in any S3-compatible bucket, with their content type. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = "s3";
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // Checksums only where S3 requires them: several S3-compatible stores refuse the newer trailers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 2,
      // A store that does not answer is reported within seconds, not after the default minutes.
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
    });
  }

  private key(hash: string): string {
    assertHash(hash);
    return `images/${hash}`;
  }

  async has(hash: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(hash) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async put(hash: string, bytes: Uint8Array, type: AcceptedImageType): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.key(hash),
        Body: bytes,
        ContentType: type,
        ContentLength: bytes.byteLength,
        // Named by its content, an object never changes.
        CacheControl: "public, max-age=31536000, immutable",
      }),
    );
  }

  async get(hash: string): Promise<StoredObject | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(hash) }));
      if (!result.Body) return null;
      const bytes = await result.Body.transformToByteArray();
      return { bytes, type: isImageType(result.ContentType) ? result.ContentType : "image/png" };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }
}
