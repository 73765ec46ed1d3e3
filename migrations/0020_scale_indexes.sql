DROP INDEX "cloudgpus"."idx_price_daily_gpu_day";--> statement-breakpoint
DROP INDEX "cloudgpus"."idx_price_daily_provider_day";--> statement-breakpoint
CREATE INDEX "idx_instances_active_scraped" ON "cloudgpus"."instances" USING btree ("last_scraped_at" DESC NULLS LAST,"id") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_scrape_jobs_last_success" ON "cloudgpus"."scrape_jobs" USING btree ("provider_id","completed_at") WHERE status = 'completed';--> statement-breakpoint
-- The daily series of a GPU model or a provider (workers/db/queries/history.ts dailyTotals) read
-- every offer's row of every day in the range: at 10x the design's volumes, tens of thousands of
-- rows scattered over the heap (rows are written day by day, each day holding every offer). With
-- the columns those reads take included, they come from the index alone, in (scope, day) order.
CREATE INDEX "idx_price_daily_gpu_day" ON "cloudgpus"."price_daily" USING btree ("gpu_model_id","day")
  INCLUDE ("instance_id", "provider_id", "min_price_per_gpu_hour", "avg_price_per_gpu_hour", "max_price_per_gpu_hour",
           "min_spot_per_gpu_hour", "observed_seconds", "in_stock_seconds", "samples");--> statement-breakpoint
CREATE INDEX "idx_price_daily_provider_day" ON "cloudgpus"."price_daily" USING btree ("provider_id","day")
  INCLUDE ("instance_id", "gpu_model_id", "min_price_per_gpu_hour", "avg_price_per_gpu_hour", "max_price_per_gpu_hour",
           "min_spot_per_gpu_hour", "observed_seconds", "in_stock_seconds", "samples");
