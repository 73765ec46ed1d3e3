CREATE TABLE "cloudgpus"."price_daily_gpu_provider" (
	"gpu_model_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"day" date NOT NULL,
	"min_price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"price_seconds" numeric NOT NULL,
	"max_price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"min_spot_per_gpu_hour" numeric(10, 4),
	"observed_seconds" bigint NOT NULL,
	"in_stock_seconds" bigint NOT NULL,
	"samples" bigint NOT NULL,
	CONSTRAINT "price_daily_gpu_provider_pkey" PRIMARY KEY("gpu_model_id","provider_id","day"),
	CONSTRAINT "price_daily_gpu_provider_seconds_valid" CHECK (observed_seconds > 0 AND in_stock_seconds >= 0 AND in_stock_seconds <= observed_seconds)
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily_gpu_provider" ADD CONSTRAINT "price_daily_gpu_provider_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily_gpu_provider" ADD CONSTRAINT "price_daily_gpu_provider_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The daily series of a whole GPU model or provider read these rows from the index alone: by GPU
-- model through the key, by provider through the second index, in (scope, day) order.
ALTER TABLE "cloudgpus"."price_daily_gpu_provider" DROP CONSTRAINT "price_daily_gpu_provider_pkey";--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily_gpu_provider" ADD CONSTRAINT "price_daily_gpu_provider_pkey"
  PRIMARY KEY ("gpu_model_id", "provider_id", "day")
  INCLUDE ("min_price_per_gpu_hour", "price_seconds", "max_price_per_gpu_hour", "min_spot_per_gpu_hour",
           "observed_seconds", "in_stock_seconds", "samples");--> statement-breakpoint
CREATE INDEX "idx_price_daily_gpu_provider_provider_day" ON "cloudgpus"."price_daily_gpu_provider" USING btree ("provider_id", "day")
  INCLUDE ("gpu_model_id", "min_price_per_gpu_hour", "price_seconds", "max_price_per_gpu_hour", "min_spot_per_gpu_hour",
           "observed_seconds", "in_stock_seconds", "samples");--> statement-breakpoint
-- Every day already rolled up, summed as the hourly job sums a day (workers/db/rollup.ts), so a
-- deployed database has the series at once.
INSERT INTO "cloudgpus"."price_daily_gpu_provider" (gpu_model_id, provider_id, day, min_price_per_gpu_hour, price_seconds,
  max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples)
SELECT gpu_model_id, provider_id, day, min(min_price_per_gpu_hour), sum(avg_price_per_gpu_hour * observed_seconds),
       max(max_price_per_gpu_hour), min(min_spot_per_gpu_hour), sum(observed_seconds), sum(in_stock_seconds), sum(samples)
FROM "cloudgpus"."price_daily"
GROUP BY gpu_model_id, provider_id, day
ORDER BY day, gpu_model_id, provider_id;
