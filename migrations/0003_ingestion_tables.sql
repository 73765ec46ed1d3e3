CREATE TABLE "cloudgpus"."fx_rates" (
	"currency" varchar(3) NOT NULL,
	"rate_date" date NOT NULL,
	"usd_per_unit" numeric(12, 6) NOT NULL,
	"source" varchar(100) NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_rates_pkey" PRIMARY KEY("currency","rate_date"),
	CONSTRAINT "fx_rates_rate_positive" CHECK (usd_per_unit > 0)
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."scrape_dispatches" (
	"provider_id" uuid NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"scrape_job_id" uuid,
	CONSTRAINT "scrape_dispatches_pkey" PRIMARY KEY("provider_id","scheduled_for")
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."scrape_offer_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scrape_job_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"kind" varchar(20) NOT NULL,
	"code" varchar(50) NOT NULL,
	"message" text NOT NULL,
	"instance_type" varchar(100),
	"gpu_name_raw" varchar(150),
	"gpu_model_id" uuid,
	"price_per_hour" numeric(10, 4),
	"previous_price_per_hour" numeric(10, 4),
	"raw_data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrape_offer_issues_kind_valid" CHECK (kind IN ('skipped', 'unmapped', 'rejected', 'quarantined'))
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."scrape_schedules" (
	"provider_id" uuid PRIMARY KEY NOT NULL,
	"priority" varchar(2) NOT NULL,
	"interval_hours" smallint NOT NULL,
	"offset_hours" smallint DEFAULT 0 NOT NULL,
	"queue" varchar(20) DEFAULT 'scrape' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrape_schedules_priority_valid" CHECK (priority IN ('P0', 'P1', 'P2')),
	CONSTRAINT "scrape_schedules_interval_valid" CHECK (interval_hours BETWEEN 1 AND 24),
	CONSTRAINT "scrape_schedules_offset_valid" CHECK (offset_hours >= 0 AND offset_hours < interval_hours),
	CONSTRAINT "scrape_schedules_queue_valid" CHECK (queue IN ('scrape', 'browser-scrape'))
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_dispatches" ADD CONSTRAINT "scrape_dispatches_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD CONSTRAINT "scrape_offer_issues_scrape_job_id_fkey" FOREIGN KEY ("scrape_job_id") REFERENCES "cloudgpus"."scrape_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD CONSTRAINT "scrape_offer_issues_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_offer_issues" ADD CONSTRAINT "scrape_offer_issues_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_schedules" ADD CONSTRAINT "scrape_schedules_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_scrape_offer_issues_job" ON "cloudgpus"."scrape_offer_issues" USING btree ("scrape_job_id");--> statement-breakpoint
CREATE INDEX "idx_scrape_offer_issues_offer" ON "cloudgpus"."scrape_offer_issues" USING btree ("provider_id","instance_type","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_scrape_offer_issues_unmapped" ON "cloudgpus"."scrape_offer_issues" USING btree ("gpu_name_raw") WHERE kind = 'unmapped';