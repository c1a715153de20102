import { rmSync } from "node:fs";
import S3rver from "s3rver";
import { freePort, tempDir } from "./servers";

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/**
 * An S3-compatible server (s3rver) in this process, on a free loopback port, with one bucket.
 * Path-style addressing, as MinIO and R2 are used; s3rver checks signatures with its fixed keys.
 */
export async function startS3(): Promise<RunningS3> {
  const port = await freePort();
  const directory = tempDir("s3");
  const bucket = "castboard-review";
  const server = new S3rver({ port, address: "127.0.0.1", directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
