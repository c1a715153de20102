import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ReviewSnapshot } from "../review/snapshot-schema";

/**
 * The review links' tables, the same on embedded PGlite and on a real Postgres. Migrations in
 * ./migrations are generated from this file by drizzle-kit (`npx drizzle-kit generate`).
 */

// Milliseconds, as a JavaScript Date holds them: a time read back compares equal to the stored one.
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/** A board shared for review. The link's token is never stored: only its SHA-256, to look it up. */
export const shares = pgTable(
  "shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: text("project_id").notNull(),
    projectName: text("project_name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    expiresAt: at("expires_at"),
    revokedAt: at("revoked_at"),
  },
  (table) => [uniqueIndex("shares_token_hash_unique").on(table.tokenHash), index("shares_project_idx").on(table.projectId, table.createdAt)],
);

/** An immutable snapshot of the board: version N of a share. */
export const versions = pgTable(
  "versions",
  {
    shareId: uuid("share_id")
      .notNull()
      .references(() => shares.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    snapshot: jsonb("snapshot").$type<ReviewSnapshot>().notNull(),
  },
  (table) => [primaryKey({ name: "versions_pk", columns: [table.shareId, table.number] }), check("versions_number_positive", sql`${table.number} > 0`)],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shareId: uuid("share_id").notNull(),
    versionNumber: integer("version_number").notNull(),
    panelId: text("panel_id").notNull(),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    resolvedAt: at("resolved_at"),
    /** The comment an author's reply answers; null for a reviewer's comment. */
    parentId: uuid("parent_id"),
    fromAuthor: boolean("from_author").notNull().default(false),
  },
  (table) => [
    foreignKey({ name: "comments_version_fk", columns: [table.shareId, table.versionNumber], foreignColumns: [versions.shareId, versions.number] }).onDelete("cascade"),
    foreignKey({ name: "comments_parent_fk", columns: [table.parentId], foreignColumns: [table.id] }).onDelete("cascade"),
    check("comments_body_length", sql`char_length(${table.body}) between 1 and 2000`),
    // The review page reads a version's threads; the author's list counts what came since a time.
    index("comments_version_idx").on(table.shareId, table.versionNumber, table.createdAt),
    index("comments_share_created_idx").on(table.shareId, table.createdAt),
  ],
);

/** One reviewer's status for one panel, the latest they gave (on whichever version). */
export const panelStatuses = pgTable(
  "panel_statuses",
  {
    shareId: uuid("share_id")
      .notNull()
      .references(() => shares.id, { onDelete: "cascade" }),
    panelId: text("panel_id").notNull(),
    reviewerName: text("reviewer_name").notNull(),
    status: text("status", { enum: ["approved", "changes_requested"] }).notNull(),
    versionNumber: integer("version_number").notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: "panel_statuses_pk", columns: [table.shareId, table.panelId, table.reviewerName] }),
    check("panel_statuses_status", sql`${table.status} in ('approved', 'changes_requested')`),
  ],
);

/** One reviewer's overall verdict on the board. */
export const verdicts = pgTable(
  "verdicts",
  {
    shareId: uuid("share_id")
      .notNull()
      .references(() => shares.id, { onDelete: "cascade" }),
    reviewerName: text("reviewer_name").notNull(),
    verdict: text("verdict", { enum: ["approved", "changes_requested"] }).notNull(),
    versionNumber: integer("version_number").notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: "verdicts_pk", columns: [table.shareId, table.reviewerName] }),
    check("verdicts_verdict", sql`${table.verdict} in ('approved', 'changes_requested')`),
  ],
);
