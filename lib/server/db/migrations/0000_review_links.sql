CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"share_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"panel_id" text NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"parent_id" uuid,
	"from_author" boolean DEFAULT false NOT NULL,
	CONSTRAINT "comments_body_length" CHECK (char_length("comments"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "panel_statuses" (
	"share_id" uuid NOT NULL,
	"panel_id" text NOT NULL,
	"reviewer_name" text NOT NULL,
	"status" text NOT NULL,
	"version_number" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_statuses_pk" PRIMARY KEY("share_id","panel_id","reviewer_name"),
	CONSTRAINT "panel_statuses_status" CHECK ("panel_statuses"."status" in ('approved', 'changes_requested'))
);
--> statement-breakpoint
CREATE TABLE "shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"project_name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "verdicts" (
	"share_id" uuid NOT NULL,
	"reviewer_name" text NOT NULL,
	"verdict" text NOT NULL,
	"version_number" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verdicts_pk" PRIMARY KEY("share_id","reviewer_name"),
	CONSTRAINT "verdicts_verdict" CHECK ("verdicts"."verdict" in ('approved', 'changes_requested'))
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"share_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "versions_pk" PRIMARY KEY("share_id","number"),
	CONSTRAINT "versions_number_positive" CHECK ("versions"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_version_fk" FOREIGN KEY ("share_id","version_number") REFERENCES "public"."versions"("share_id","number") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_statuses" ADD CONSTRAINT "panel_statuses_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_version_idx" ON "comments" USING btree ("share_id","version_number","created_at");--> statement-breakpoint
CREATE INDEX "comments_share_created_idx" ON "comments" USING btree ("share_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shares_token_hash_unique" ON "shares" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "shares_project_idx" ON "shares" USING btree ("project_id","created_at");