CREATE SCHEMA "cloudgpus";
--> statement-breakpoint
CREATE TYPE "cloudgpus"."availability_status" AS ENUM('available', 'limited', 'waitlist', 'sold_out', 'contact_sales', 'deprecated');--> statement-breakpoint
CREATE TYPE "cloudgpus"."benchmark_workload" AS ENUM('llm_training', 'llm_inference', 'image_generation', 'video_generation', 'fine_tuning', 'embedding', 'scientific_computing');--> statement-breakpoint
CREATE TYPE "cloudgpus"."gpu_architecture" AS ENUM('blackwell', 'hopper', 'ada_lovelace', 'ampere', 'turing', 'volta', 'consumer_blackwell');--> statement-breakpoint
CREATE TYPE "cloudgpus"."provider_type" AS ENUM('specialized_neocloud', 'hyperscaler', 'regional_cloud', 'marketplace', 'depin', 'bare_metal');--> statement-breakpoint
CREATE TYPE "cloudgpus"."reliability_tier" AS ENUM('enterprise', 'standard', 'community');--> statement-breakpoint
CREATE TYPE "cloudgpus"."scrape_status" AS ENUM('pending', 'running', 'completed', 'failed', 'timeout', 'rate_limited');--> statement-breakpoint
CREATE TABLE "cloudgpus"."content_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" varchar(200) NOT NULL,
	"page_type" varchar(50) NOT NULL,
	"title" varchar(200) NOT NULL,
	"meta_description" varchar(320),
	"canonical_url" varchar(500),
	"content_html" text,
	"content_markdown" text,
	"structured_data" jsonb,
	"related_gpu_ids" uuid[],
	"related_provider_ids" uuid[],
	"generated_at" timestamp with time zone,
	"generation_prompt" text,
	"generation_model" varchar(50),
	"is_published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_pages_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."gpu_benchmarks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"workload_type" "cloudgpus"."benchmark_workload" NOT NULL,
	"benchmark_name" varchar(100) NOT NULL,
	"benchmark_version" varchar(20),
	"score" numeric(12, 2),
	"score_unit" varchar(50),
	"latency_ms" numeric(10, 2),
	"throughput" numeric(12, 2),
	"throughput_unit" varchar(50),
	"batch_size" integer,
	"precision" varchar(10),
	"model_name" varchar(100),
	"framework" varchar(50),
	"test_date" date,
	"source_url" varchar(500),
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gpu_benchmarks_unique" UNIQUE("gpu_model_id","workload_type","benchmark_name","precision")
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."gpu_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" varchar(50) NOT NULL,
	"name" varchar(100) NOT NULL,
	"short_name" varchar(30) NOT NULL,
	"manufacturer" varchar(50) DEFAULT 'NVIDIA' NOT NULL,
	"architecture" "cloudgpus"."gpu_architecture" NOT NULL,
	"vram_gb" smallint NOT NULL,
	"memory_type" varchar(20) NOT NULL,
	"memory_bandwidth_gbps" integer,
	"tdp_watts" smallint,
	"fp64_tflops" numeric(6, 2),
	"fp32_tflops" numeric(6, 2),
	"fp16_tflops" numeric(7, 2),
	"fp8_tflops" numeric(7, 2),
	"int8_tops" numeric(7, 2),
	"form_factor" varchar(20),
	"interconnect" varchar(30),
	"is_datacenter" boolean DEFAULT true NOT NULL,
	"is_consumer" boolean DEFAULT false NOT NULL,
	"generation_year" smallint,
	"description" text,
	"use_cases" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gpu_models_slug_key" UNIQUE("slug"),
	CONSTRAINT "gpu_vram_positive" CHECK (vram_gb > 0),
	CONSTRAINT "gpu_bandwidth_positive" CHECK (memory_bandwidth_gbps IS NULL OR memory_bandwidth_gbps > 0),
	CONSTRAINT "gpu_tdp_positive" CHECK (tdp_watts IS NULL OR tdp_watts > 0)
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"instance_type" varchar(100) NOT NULL,
	"instance_name" varchar(150),
	"gpu_count" smallint DEFAULT 1 NOT NULL,
	"price_per_hour" numeric(10, 4) NOT NULL,
	"price_per_hour_spot" numeric(10, 4),
	"price_per_month" numeric(12, 2),
	"price_per_hour_reserved_1y" numeric(10, 4),
	"price_per_hour_reserved_3y" numeric(10, 4),
	"price_per_gpu_hour" numeric(10, 4) GENERATED ALWAYS AS (price_per_hour / NULLIF(gpu_count, 0)) STORED,
	"price_per_vram_gb_hour" numeric(10, 6),
	"price_includes" jsonb DEFAULT '{}'::jsonb,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"vcpu_count" smallint,
	"ram_gb" smallint,
	"storage_type" varchar(30),
	"storage_gb" integer,
	"network_bandwidth_gbps" numeric(6, 2),
	"has_nvlink" boolean DEFAULT false,
	"has_infiniband" boolean DEFAULT false,
	"infiniband_bandwidth_gbps" integer,
	"availability_status" "cloudgpus"."availability_status" DEFAULT 'available' NOT NULL,
	"available_regions" text[],
	"min_rental_hours" smallint DEFAULT 1,
	"max_rental_hours" integer,
	"billing_increment_seconds" integer DEFAULT 3600,
	"setup_fee" numeric(10, 2) DEFAULT 0,
	"instance_url" varchar(500),
	"raw_data" jsonb,
	"source_url" varchar(500),
	"last_scraped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scrape_job_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instances_provider_type_unique" UNIQUE("provider_id","instance_type"),
	CONSTRAINT "instances_price_positive" CHECK (price_per_hour > 0),
	CONSTRAINT "instances_gpu_count_positive" CHECK (gpu_count > 0),
	CONSTRAINT "instances_spot_price_valid" CHECK (price_per_hour_spot IS NULL OR price_per_hour_spot > 0)
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."price_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"price_per_hour" numeric(10, 4) NOT NULL,
	"price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"price_per_hour_spot" numeric(10, 4),
	"availability_status" "cloudgpus"."availability_status" NOT NULL,
	"gpu_count" smallint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_month" date GENERATED ALWAYS AS ((DATE_TRUNC('month', recorded_at AT TIME ZONE 'UTC'))::DATE) STORED
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" varchar(50) NOT NULL,
	"name" varchar(100) NOT NULL,
	"display_name" varchar(100) NOT NULL,
	"provider_type" "cloudgpus"."provider_type" NOT NULL,
	"reliability_tier" "cloudgpus"."reliability_tier" NOT NULL,
	"headquarters_country" varchar(3),
	"founded_year" smallint,
	"website_url" varchar(255) NOT NULL,
	"pricing_url" varchar(255),
	"docs_url" varchar(255),
	"status_page_url" varchar(255),
	"api_base_url" varchar(255),
	"api_auth_type" varchar(50),
	"has_public_api" boolean DEFAULT false NOT NULL,
	"api_rate_limit_rpm" integer,
	"affiliate_url" varchar(500),
	"affiliate_program_name" varchar(100),
	"affiliate_commission_percent" numeric(4, 2),
	"affiliate_cookie_days" smallint,
	"sla_uptime_percent" numeric(5, 2),
	"supports_spot_instances" boolean DEFAULT false,
	"supports_reserved_instances" boolean DEFAULT false,
	"supports_bare_metal" boolean DEFAULT false,
	"min_billing_increment_seconds" integer,
	"available_regions" text[],
	"description" text,
	"pros" text[],
	"cons" text[],
	"best_for" text[],
	"logo_url" varchar(255),
	"brand_color" varchar(7),
	"is_active" boolean DEFAULT true NOT NULL,
	"last_price_update" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_slug_key" UNIQUE("slug"),
	CONSTRAINT "provider_sla_range" CHECK (sla_uptime_percent IS NULL OR (sla_uptime_percent >= 0 AND sla_uptime_percent <= 100)),
	CONSTRAINT "provider_affiliate_commission_range" CHECK (affiliate_commission_percent IS NULL OR (affiliate_commission_percent >= 0 AND affiliate_commission_percent <= 100))
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."scrape_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"status" "cloudgpus"."scrape_status" DEFAULT 'pending' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"duration_ms" integer,
	"instances_found" integer DEFAULT 0,
	"instances_updated" integer DEFAULT 0,
	"instances_created" integer DEFAULT 0,
	"instances_deactivated" integer DEFAULT 0,
	"error_message" text,
	"error_code" varchar(50),
	"retry_count" smallint DEFAULT 0,
	"request_url" varchar(500),
	"response_status_code" smallint,
	"raw_response_size_bytes" integer,
	"scraper_version" varchar(20),
	"worker_id" varchar(50)
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."gpu_benchmarks" ADD CONSTRAINT "gpu_benchmarks_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."instances" ADD CONSTRAINT "instances_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."instances" ADD CONSTRAINT "instances_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_history" ADD CONSTRAINT "price_history_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "cloudgpus"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_history" ADD CONSTRAINT "price_history_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_history" ADD CONSTRAINT "price_history_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."scrape_jobs" ADD CONSTRAINT "scrape_jobs_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_content_pages_type" ON "cloudgpus"."content_pages" USING btree ("page_type");--> statement-breakpoint
CREATE INDEX "idx_content_pages_published" ON "cloudgpus"."content_pages" USING btree ("is_published") WHERE is_published = true;--> statement-breakpoint
CREATE INDEX "idx_content_pages_slug" ON "cloudgpus"."content_pages" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "idx_content_pages_gpu_ids" ON "cloudgpus"."content_pages" USING gin ("related_gpu_ids");--> statement-breakpoint
CREATE INDEX "idx_gpu_benchmarks_gpu" ON "cloudgpus"."gpu_benchmarks" USING btree ("gpu_model_id");--> statement-breakpoint
CREATE INDEX "idx_gpu_benchmarks_workload" ON "cloudgpus"."gpu_benchmarks" USING btree ("workload_type");--> statement-breakpoint
CREATE INDEX "idx_gpu_models_architecture" ON "cloudgpus"."gpu_models" USING btree ("architecture");--> statement-breakpoint
CREATE INDEX "idx_gpu_models_vram" ON "cloudgpus"."gpu_models" USING btree ("vram_gb");--> statement-breakpoint
CREATE INDEX "idx_gpu_models_slug" ON "cloudgpus"."gpu_models" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "idx_instances_gpu_model" ON "cloudgpus"."instances" USING btree ("gpu_model_id");--> statement-breakpoint
CREATE INDEX "idx_instances_provider" ON "cloudgpus"."instances" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "idx_instances_price" ON "cloudgpus"."instances" USING btree ("price_per_gpu_hour");--> statement-breakpoint
CREATE INDEX "idx_instances_active" ON "cloudgpus"."instances" USING btree ("is_active") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_instances_gpu_price" ON "cloudgpus"."instances" USING btree ("gpu_model_id","price_per_gpu_hour") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_instances_provider_active" ON "cloudgpus"."instances" USING btree ("provider_id","is_active","price_per_gpu_hour") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_instances_last_scraped" ON "cloudgpus"."instances" USING btree ("last_scraped_at");--> statement-breakpoint
CREATE INDEX "idx_instances_availability" ON "cloudgpus"."instances" USING btree ("availability_status") WHERE availability_status = 'available';--> statement-breakpoint
CREATE INDEX "idx_instances_compare_query" ON "cloudgpus"."instances" USING btree ("gpu_model_id","provider_id","price_per_gpu_hour") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_instances_regions_gin" ON "cloudgpus"."instances" USING gin ("available_regions");--> statement-breakpoint
CREATE INDEX "idx_instances_provider_gpu" ON "cloudgpus"."instances" USING btree ("provider_id","gpu_model_id");--> statement-breakpoint
CREATE INDEX "idx_instances_gpu_count_price" ON "cloudgpus"."instances" USING btree ("gpu_count","price_per_gpu_hour") WHERE is_active = true AND gpu_count > 1;--> statement-breakpoint
CREATE INDEX "idx_instances_spot_price" ON "cloudgpus"."instances" USING btree ("price_per_hour_spot") WHERE is_active = true AND price_per_hour_spot IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_price_history_gpu_time" ON "cloudgpus"."price_history" USING btree ("gpu_model_id","recorded_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_price_history_provider_time" ON "cloudgpus"."price_history" USING btree ("provider_id","recorded_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_price_history_instance_time" ON "cloudgpus"."price_history" USING btree ("instance_id","recorded_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_price_history_recorded_at" ON "cloudgpus"."price_history" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "idx_price_history_brin" ON "cloudgpus"."price_history" USING brin ("recorded_at");--> statement-breakpoint
CREATE INDEX "idx_providers_type" ON "cloudgpus"."providers" USING btree ("provider_type");--> statement-breakpoint
CREATE INDEX "idx_providers_tier" ON "cloudgpus"."providers" USING btree ("reliability_tier");--> statement-breakpoint
CREATE INDEX "idx_providers_active" ON "cloudgpus"."providers" USING btree ("is_active") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_providers_slug" ON "cloudgpus"."providers" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "idx_scrape_jobs_provider" ON "cloudgpus"."scrape_jobs" USING btree ("provider_id","started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_scrape_jobs_status" ON "cloudgpus"."scrape_jobs" USING btree ("status") WHERE status IN ('pending', 'running');--> statement-breakpoint
CREATE INDEX "idx_scrape_jobs_time" ON "cloudgpus"."scrape_jobs" USING btree ("started_at" DESC NULLS FIRST);