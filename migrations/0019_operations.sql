CREATE TABLE "cloudgpus"."admin_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor" varchar(200) NOT NULL,
	"action" varchar(50) NOT NULL,
	"target_type" varchar(30) NOT NULL,
	"target_id" varchar(200) NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."dead_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue" varchar(100) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"message_id" varchar(100) NOT NULL,
	"body" jsonb NOT NULL,
	"attempts" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone,
	CONSTRAINT "dead_letters_queue_message_key" UNIQUE("queue","message_id")
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."gpu_name_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid,
	"gpu_name_raw" varchar(150) NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"created_by" varchar(200) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gpu_name_mappings_name_key" UNIQUE NULLS NOT DISTINCT("provider_id","gpu_name_raw"),
	CONSTRAINT "gpu_name_mappings_name_normalised" CHECK (gpu_name_raw = lower(btrim(gpu_name_raw)) AND gpu_name_raw <> '')
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."maintenance_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" varchar(50) NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"status" varchar(10) DEFAULT 'running' NOT NULL,
	"rows_before" integer,
	"rows_after" integer,
	"affected" integer,
	"error_message" text,
	CONSTRAINT "maintenance_runs_status_valid" CHECK (status IN ('running', 'completed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."gpu_models" ADD COLUMN "is_active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "cloudgpus"."providers" ADD COLUMN "status" varchar(10) DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "cloudgpus"."providers" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "cloudgpus"."providers" ADD COLUMN "status_set_by" varchar(200);--> statement-breakpoint
ALTER TABLE "cloudgpus"."providers" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD COLUMN "decision" varchar(10);--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD COLUMN "decided_by" varchar(200);--> statement-breakpoint
ALTER TABLE "cloudgpus"."gpu_name_mappings" ADD CONSTRAINT "gpu_name_mappings_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."gpu_name_mappings" ADD CONSTRAINT "gpu_name_mappings_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_admin_audit_at" ON "cloudgpus"."admin_audit" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_admin_audit_target" ON "cloudgpus"."admin_audit" USING btree ("target_type","target_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_dead_letters_waiting" ON "cloudgpus"."dead_letters" USING btree ("received_at" DESC NULLS LAST) WHERE replayed_at IS NULL;--> statement-breakpoint
CREATE INDEX "idx_maintenance_runs_job" ON "cloudgpus"."maintenance_runs" USING btree ("job","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_scrape_offer_issues_quarantine" ON "cloudgpus"."scrape_offer_issues" USING btree ("created_at" DESC NULLS LAST) WHERE kind = 'quarantined' AND decision IS NULL;--> statement-breakpoint
ALTER TABLE "cloudgpus"."providers" ADD CONSTRAINT "providers_status_valid" CHECK (status IN ('active', 'degraded', 'disabled'));--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD CONSTRAINT "scrape_offer_issues_decision_valid" CHECK (decision IS NULL OR (kind = 'quarantined' AND decision IN ('approved', 'rejected')));