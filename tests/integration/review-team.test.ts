import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { board, panelImage, snapshotPanel } from "../support/review-fixtures";
import { publishOverHttp } from "../support/review-http";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { startS3, type RunningS3 } from "../support/s3";
import { startApp, type RunningApp } from "../support/servers";

/**
 * Review links with several instances: two builds of the app share one real Postgres and one
 * S3-compatible store (s3rver), each with its own DATA_DIR. What one instance publishes, revokes
 * or is told, the other serves at once.
 */
let database: RunningPostgres;
let s3: RunningS3;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  [database, s3] = await Promise.all([startPostgres(), startS3()]);
  const env = {
    DATABASE_URL: database.url,
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: "1",
  };
  [first, second] = await Promise.all([startApp(env), startApp(env)]);
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await Promise.all([database?.stop(), s3?.stop()]);
});

describe("two instances on one Postgres and one S3 store", () => {
  it("serve each other's boards, images and comments, and a revoke on one answers 404 on the other at once", async () => {
    const { snapshot, images } = await board(3, 500);
    const published = await publishOverHttp(first.url, { projectId: "team", snapshot, images });

    // The other instance opens the link and serves an image it never received.
    const review = await (await fetch(`${second.url}/api/review/${published.token}`)).json();
    expect(review.version.number).toBe(1);
    const image = await fetch(`${second.url}/api/review/${published.token}/images/${images[2]!.hash}`);
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(images[2]!.bytes))).toBe(true);

    // A version published through the second instance uploads only the new image: the first's are in S3.
    const changed = await panelImage(777);
    const { missing } = await (
      await fetch(`${second.url}/api/reviews/images`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ hashes: [...images, changed].map((i) => i.hash) }) })
    ).json();
    expect(missing).toEqual([changed.hash]);
    const panels = snapshot.panels.map((panel, i) => (i === 0 ? snapshotPanel(panel.id, changed, "Recut") : panel));
    await publishOverHttp(second.url, { projectId: "team", shareId: published.shareId, snapshot: { ...snapshot, panels }, images: [...images, changed] });
    const newest = await fetch(`${first.url}/api/review/${published.token}/images/${changed.hash}`);
    expect(newest.status).toBe(200);

    // A comment through one instance is in the author's list on the other.
    const comment = await fetch(`${second.url}/api/review/${published.token}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: 2, panelId: "panel-1", name: "Ines", body: "Better." }),
    });
    expect(comment.status).toBe(201);
    const [listed] = (await (await fetch(`${first.url}/api/reviews?projectId=team`)).json()).shares;
    expect(listed).toMatchObject({ newComments: 1, versions: [{ number: 1 }, { number: 2 }] });

    expect((await fetch(`${first.url}/api/reviews/${published.shareId}`, { method: "DELETE" })).status).toBe(204);
    for (const app of [first, second]) {
      expect((await fetch(`${app.url}/api/review/${published.token}`)).status).toBe(404);
      expect((await fetch(`${app.url}/api/review/${published.token}/images/${images[0]!.hash}`)).status).toBe(404);
    }
  });
});
