import "server-only";
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { AcceptedImageType } from "../../fal/schema";
import type { Database } from "../db/client";
import { comments, panelStatuses, shares, verdicts, versions } from "../db/schema";
import { orUnavailable } from "../db/unavailable";
import { sniffImageType } from "../../images/sniff";
import { LRUCache } from "lru-cache";
import { sha256Hex, type ObjectStore, type StoredObject } from "../objects/object-store";
import { listShares, reviewState, type ShareOverview } from "./review-overview";
import { commentBody, parseSnapshot, personName, uniqueImages } from "./review-inputs";
import { SNAPSHOT_LIMITS } from "./snapshot-schema";
import { hashReviewToken, looksLikeReviewToken, newReviewToken } from "./tokens";

export type Share = typeof shares.$inferSelect;
export type Version = typeof versions.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type ReviewStatus = "approved" | "changes_requested";

export interface UploadedImage {
  bytes: Uint8Array;
  type: AcceptedImageType;
}

const UPLOAD_CONCURRENCY = 8;
/** Recently served images kept in memory: a review's 60 display-size images fit several times over. */
const RECENT_IMAGE_BYTES = 64 * 1024 * 1024;
const db = <T>(work: () => Promise<T>) => orUnavailable("database", work);
const objects = <T>(work: () => Promise<T>) => orUnavailable("object store", work);
const notFound = (what: string) => new AppError("not_found", `${what} was not found: it may have been removed, or the link is wrong.`);
/** Ids are uuids: anything else is simply not found, and never reaches Postgres as a malformed uuid. */
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
/** Raw query results: postgres-js gives the rows, PGlite an object holding them. */
const rowsOf = <Row>(result: unknown): Row[] => (Array.isArray(result) ? result : (result as { rows: Row[] }).rows);
const isUniqueViolation = (error: unknown) => {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === "23505") return true;
  return false;
};

/**
 * Review links: shares, their published versions, and what reviewers say. Every method refuses
 * with `storage_unavailable` (503) when the database or object store does not answer.
 */
export class ReviewStore {
  private readonly shownBy = new LRUCache<string, Set<string>>({ max: 1000 });
  /** Published versions never change: the newest few are served from memory. */
  private readonly recentVersions = new LRUCache<string, Version>({ max: 64 });
  private readonly recentImages = new LRUCache<string, StoredObject>({ maxSize: RECENT_IMAGE_BYTES, sizeCalculation: (image) => image.bytes.byteLength });

  constructor(
    readonly database: Database,
    readonly objectStore: ObjectStore,
  ) {}

  /** A new link. The token is returned here once and never again: only its hash is kept. */
  async createShare(input: { projectId: string; projectName: string; expiresAt?: Date | null }): Promise<{ share: Share; token: string }> {
    const token = newReviewToken();
    const [share] = await db(() =>
      this.database
        .insert(shares)
        .values({ projectId: input.projectId, projectName: input.projectName.slice(0, 200), tokenHash: hashReviewToken(token), expiresAt: input.expiresAt ?? null })
        .returning(),
    );
    return { share: share!, token };
  }

  /** The share a link opens, or null for an unknown, revoked or expired one (all the same to the caller: 404). */
  async resolveToken(token: string): Promise<Share | null> {
    if (!looksLikeReviewToken(token)) return null;
    const [share] = await db(() =>
      this.database
        .select()
        .from(shares)
        .where(and(eq(shares.tokenHash, hashReviewToken(token)), isNull(shares.revokedAt), or(isNull(shares.expiresAt), gt(shares.expiresAt, sql`now()`))))
        .limit(1),
    );
    return share ?? null;
  }

  async revokeShare(shareId: string): Promise<void> {
    const revoked = await db(() => this.database.update(shares).set({ revokedAt: sql`now()` }).where(eq(shares.id, shareId)).returning({ id: shares.id }));
    if (revoked.length === 0) throw notFound("This shared board");
  }

  /** Which of these images the store lacks: the app uploads only those when it publishes again. */
  async missingImages(hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const known = await objects(() => Promise.all(unique.map((hash) => this.objectStore.has(hash))));
    return unique.filter((_, i) => !known[i]);
  }

  /**
   * Stores one image ahead of a publish, checked against its hash and type: a board's images go up
   * one request each (a few at a time), and the publish that follows only names them.
   */
  async putImage(hash: string, bytes: Uint8Array, type: UploadedImage["type"]): Promise<{ stored: boolean }> {
    if (sha256Hex(bytes) !== hash) throw new AppError("validation_failed", `This image's bytes do not match its hash (${hash.slice(0, 12)}…): it was changed on the way; publish again.`);
    if (sniffImageType(bytes) !== type) throw new AppError("unsupported_media_type", `This image is not the ${type} it says it is: only PNG, JPEG and WebP are published.`);
    if (bytes.byteLength > SNAPSHOT_LIMITS.imageBytes) {
      throw new AppError("snapshot_too_large", `One image is at most ${SNAPSHOT_LIMITS.imageBytes / 1_000_000} MB on a review; this one is ${(bytes.byteLength / 1_000_000).toFixed(1)} MB.`);
    }
    if (await objects(() => this.objectStore.has(hash))) return { stored: false };
    await objects(() => this.objectStore.put(hash, bytes, type));
    return { stored: true };
  }

  /**
   * Publishes version N+1: checks the snapshot, stores the images the store does not have yet
   * (each checked against its hash and declared size), then records the version.
   */
  async publishVersion(shareId: string, snapshotInput: unknown, uploads: ReadonlyMap<string, UploadedImage>): Promise<{ number: number; uploaded: string[] }> {
    const snapshot = parseSnapshot(snapshotInput);
    const share = await this.shareById(shareId);
    if (share.revokedAt) throw new AppError("not_found", "This link was revoked: share the board again for a new link.");
    const images = uniqueImages(snapshot);
    for (const [hash, upload] of uploads) {
      const declared = images.get(hash);
      if (!declared) throw new AppError("validation_failed", `An uploaded image (${hash.slice(0, 12)}…) is not shown by any panel.`);
      if (sha256Hex(upload.bytes) !== hash || upload.bytes.byteLength !== declared.bytes || upload.type !== declared.type || sniffImageType(upload.bytes) !== declared.type) {
        throw new AppError("validation_failed", `An uploaded image (${hash.slice(0, 12)}…) does not match its hash, size or type: publish again.`);
      }
    }
    const absent = new Set(await this.missingImages([...images.keys()]));
    const missing = [...absent].filter((hash) => !uploads.has(hash));
    if (missing.length > 0) {
      throw new AppError("validation_failed", `${missing.length} image(s) of this board are not uploaded yet: publish again with them.`, { extra: { missing } });
    }
    const uploaded: string[] = [];
    // Only what the store lacks goes up: the check above already asked it about every image.
    const pending = [...uploads].filter(([hash]) => absent.has(hash));
    // A few at a time: a 60-panel board goes up in seconds without opening 60 connections at once.
    for (let start = 0; start < pending.length; start += UPLOAD_CONCURRENCY) {
      await Promise.all(
        pending.slice(start, start + UPLOAD_CONCURRENCY).map(async ([hash, upload]) => {
          await objects(() => this.objectStore.put(hash, upload.bytes, upload.type));
          uploaded.push(hash);
        }),
      );
    }
    // Two publishes at once both pick N+1: the primary key refuses one, which takes N+2.
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await db(() =>
          this.database
            .insert(versions)
            .values({ shareId, number: sql`(select coalesce(max(${versions.number}), 0) + 1 from ${versions} where ${versions.shareId} = ${shareId})`, snapshot })
            .returning({ number: versions.number }),
        );
        return { number: row!.number, uploaded };
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 4) throw error;
      }
    }
  }

  async shareById(shareId: string): Promise<Share> {
    if (!isUuid(shareId)) throw notFound("This shared board");
    const [share] = await db(() => this.database.select().from(shares).where(eq(shares.id, shareId)).limit(1));
    if (!share) throw notFound("This shared board");
    return share;
  }

  /** A version of a share: the newest when `number` is not given. */
  async getVersion(shareId: string, number?: number): Promise<Version> {
    const cached = number === undefined ? undefined : this.recentVersions.get(`${shareId}/${number}`);
    if (cached) return cached;
    const [version] = await db(() =>
      this.database
        .select()
        .from(versions)
        .where(number === undefined ? eq(versions.shareId, shareId) : and(eq(versions.shareId, shareId), eq(versions.number, number)))
        .orderBy(desc(versions.number))
        .limit(1),
    );
    if (!version) throw notFound(number === undefined ? "A published version of this board" : `Version ${number} of this board`);
    this.recentVersions.set(`${shareId}/${version.number}`, version);
    return version;
  }

  /** A share's versions, oldest first, for a reviewer to look back at. */
  listVersions(shareId: string): Promise<{ number: number; createdAt: Date }[]> {
    return db(() => this.database.select({ number: versions.number, createdAt: versions.createdAt }).from(versions).where(eq(versions.shareId, shareId)).orderBy(asc(versions.number)));
  }

  /**
   * An image this share shows in one of its versions: a link opens its own images and no others.
   * Images never change (named by their hash), so a few recent ones are kept in memory, and so is
   * each share's set of hashes; a hash the set lacks is looked up again (a version published by
   * another instance). Whether the link still opens is the caller's check, made on every request.
   */
  async imageOfShare(shareId: string, hash: string) {
    if (!this.shownBy.get(shareId)?.has(hash)) {
      const rows = await db(() =>
        this.database.execute<{ hash: string }>(
          sql`select distinct panel -> 'image' ->> 'hash' as hash from ${versions}, jsonb_array_elements(${versions.snapshot} -> 'panels') as panel where ${versions.shareId} = ${shareId}`,
        ),
      );
      const list = rowsOf<{ hash: string }>(rows);
      this.shownBy.set(shareId, new Set(list.map((row) => row.hash).filter(Boolean)));
      if (!this.shownBy.get(shareId)!.has(hash)) return null;
    }
    const cached = this.recentImages.get(hash);
    if (cached) return cached;
    const image = await objects(() => this.objectStore.get(hash));
    if (image) this.recentImages.set(hash, image);
    return image;
  }

  /** A reviewer's comment on one panel of one version. */
  async addComment(input: { shareId: string; versionNumber: number; panelId: string; authorName: string; body: string }): Promise<Comment> {
    const body = commentBody(input.body);
    const authorName = personName(input.authorName);
    const version = await this.getVersion(input.shareId, input.versionNumber);
    if (!version.snapshot.panels.some((panel) => panel.id === input.panelId)) throw notFound(`This panel in version ${input.versionNumber}`);
    const [comment] = await db(() =>
      this.database.insert(comments).values({ shareId: input.shareId, versionNumber: input.versionNumber, panelId: input.panelId, authorName, body }).returning(),
    );
    return comment!;
  }

  /** The author answers a comment, in its thread. */
  async reply(input: { shareId: string; commentId: string; authorName: string; body: string }): Promise<Comment> {
    const body = commentBody(input.body);
    const authorName = personName(input.authorName);
    const parent = await this.comment(input.shareId, input.commentId);
    const [comment] = await db(() =>
      this.database
        .insert(comments)
        .values({ shareId: parent.shareId, versionNumber: parent.versionNumber, panelId: parent.panelId, authorName, body, parentId: parent.id, fromAuthor: true })
        .returning(),
    );
    return comment!;
  }

  async setResolved(shareId: string, commentId: string, resolved: boolean): Promise<Comment> {
    await this.comment(shareId, commentId);
    const [comment] = await db(() =>
      this.database
        .update(comments)
        .set({ resolvedAt: resolved ? sql`now()` : null })
        .where(eq(comments.id, commentId))
        .returning(),
    );
    return comment!;
  }

  private async comment(shareId: string, commentId: string): Promise<Comment> {
    if (!isUuid(commentId)) throw notFound("This comment");
    const [comment] = await db(() => this.database.select().from(comments).where(and(eq(comments.id, commentId), eq(comments.shareId, shareId))).limit(1));
    if (!comment) throw notFound("This comment");
    return comment;
  }

  /** A version's comments and replies, oldest first. */
  async listComments(shareId: string, versionNumber: number): Promise<Comment[]> {
    return db(() =>
      this.database
        .select()
        .from(comments)
        .where(and(eq(comments.shareId, shareId), eq(comments.versionNumber, versionNumber)))
        .orderBy(asc(comments.createdAt), asc(comments.id)),
    );
  }

  /**
   * A stamp that changes whenever a version's activity does (a comment or reply, a resolve or
   * reopen, a status, a verdict, a new version), read in one query as text: the review page's
   * poll answers 304 from it without reading the threads, and the page's HTML is cached under it.
   * `null` asks for the newest version; null back when the version does not exist.
   */
  async activityStamp(shareId: string, versionNumber: number | null): Promise<{ version: number; stamp: string } | null> {
    const rows = await db(() =>
      this.database.execute<{ version: number; stamp: string }>(sql`
        with shown as (
          select ${versions.number} as n from ${versions}
          where ${versions.shareId} = ${shareId}
            and ${versions.number} = coalesce(${versionNumber}::int, (select max(${versions.number}) from ${versions} where ${versions.shareId} = ${shareId}))
        )
        select shown.n as version, concat_ws('|', shown.n,
          (select concat_ws(':', count(*), max(${comments.createdAt})::text, count(${comments.resolvedAt}), sum(extract(epoch from ${comments.resolvedAt}))::text)
             from ${comments} where ${comments.shareId} = ${shareId} and ${comments.versionNumber} = shown.n),
          (select concat_ws(':', count(*), max(${panelStatuses.updatedAt})::text) from ${panelStatuses} where ${panelStatuses.shareId} = ${shareId}),
          (select concat_ws(':', count(*), max(${verdicts.updatedAt})::text) from ${verdicts} where ${verdicts.shareId} = ${shareId}),
          (select max(${versions.number})::text from ${versions} where ${versions.shareId} = ${shareId})
        ) as stamp from shown`),
    );
    const row = rowsOf<{ version: number | string; stamp: string }>(rows)[0];
    return row ? { version: Number(row.version), stamp: row.stamp } : null;
  }

  /** A reviewer's status for one panel: given again, it replaces theirs. */
  async setPanelStatus(input: { shareId: string; versionNumber: number; panelId: string; reviewerName: string; status: ReviewStatus }): Promise<void> {
    const reviewerName = personName(input.reviewerName);
    const version = await this.getVersion(input.shareId, input.versionNumber);
    if (!version.snapshot.panels.some((panel) => panel.id === input.panelId)) throw notFound(`This panel in version ${input.versionNumber}`);
    const values = { shareId: input.shareId, panelId: input.panelId, reviewerName, status: input.status, versionNumber: input.versionNumber };
    await db(() =>
      this.database
        .insert(panelStatuses)
        .values(values)
        .onConflictDoUpdate({
          target: [panelStatuses.shareId, panelStatuses.panelId, panelStatuses.reviewerName],
          set: { status: values.status, versionNumber: values.versionNumber, updatedAt: sql`now()` },
        }),
    );
  }

  /** A reviewer's verdict on the whole board: given again, it replaces theirs. */
  async setVerdict(input: { shareId: string; versionNumber: number; reviewerName: string; verdict: ReviewStatus }): Promise<void> {
    const reviewerName = personName(input.reviewerName);
    await this.getVersion(input.shareId, input.versionNumber);
    await db(() =>
      this.database
        .insert(verdicts)
        .values({ shareId: input.shareId, reviewerName, verdict: input.verdict, versionNumber: input.versionNumber })
        .onConflictDoUpdate({ target: [verdicts.shareId, verdicts.reviewerName], set: { verdict: input.verdict, versionNumber: input.versionNumber, updatedAt: sql`now()` } }),
    );
  }

  /** The author's view of a project's shares; `since` is their last look, for the count of new comments. */
  listShares(projectId: string, since?: Date): Promise<ShareOverview[]> {
    return listShares(this.database, { projectId }, since);
  }

  /** One share as the author's list shows it, with every version's comments and replies. */
  async shareDetail(shareId: string, since?: Date): Promise<ShareOverview & { comments: Comment[] }> {
    if (!isUuid(shareId)) throw notFound("This shared board");
    const [[overview], all] = await Promise.all([
      listShares(this.database, { shareId }, since),
      db(() => this.database.select().from(comments).where(eq(comments.shareId, shareId)).orderBy(asc(comments.createdAt), asc(comments.id))),
    ]);
    if (!overview) throw notFound("This shared board");
    return { ...overview, comments: all };
  }

  /** Every reviewer's panel statuses and verdict on one share, for the review page. */
  reviewState(shareId: string) {
    return db(() => reviewState(this.database, [shareId]));
  }
}
