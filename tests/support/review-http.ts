import type { CreatedShare } from "@/lib/review/review-types";
import type { ReviewSnapshot } from "@/lib/server/review/snapshot-schema";
import type { PanelImage } from "./review-fixtures";

/**
 * Publishes a board through the app's own author routes, as the app does: create the share, put
 * the images the store lacks, publish the snapshot. `headers` carries the access token when one is set.
 */
export async function publishOverHttp(
  baseUrl: string,
  input: { projectId: string; snapshot: ReviewSnapshot; images: PanelImage[]; shareId?: string; expiresInDays?: number | null },
  headers: Record<string, string> = {},
): Promise<{ shareId: string; token?: string; path?: string; number: number }> {
  const send = async <T>(path: string, init: RequestInit): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), { ...init, headers: { ...headers, ...init.headers } });
    if (!response.ok) throw new Error(`${init.method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json().catch(() => undefined)) as T;
  };
  const json = { "content-type": "application/json" };
  let created: CreatedShare | undefined;
  if (!input.shareId) {
    created = await send<CreatedShare>("/api/reviews", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ projectId: input.projectId, projectName: input.snapshot.title, expiresInDays: input.expiresInDays ?? null }),
    });
  }
  const shareId = input.shareId ?? created!.share.id;
  const { missing } = await send<{ missing: string[] }>("/api/reviews/images", { method: "POST", headers: json, body: JSON.stringify({ hashes: input.images.map((i) => i.hash) }) });
  for (const image of input.images.filter((i) => missing.includes(i.hash))) {
    await send(`/api/reviews/images/${image.hash}`, { method: "PUT", headers: { "content-type": image.type }, body: Buffer.from(image.bytes) });
  }
  const { number } = await send<{ number: number }>(`/api/reviews/${shareId}/versions`, { method: "POST", headers: json, body: JSON.stringify({ snapshot: input.snapshot }) });
  return { shareId, token: created?.token, path: created?.path, number };
}
