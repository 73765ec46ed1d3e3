CREATE TABLE "cloudgpus"."price_daily" (
	"instance_id" uuid NOT NULL,
	"day" date NOT NULL,
	"provider_id" uuid NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"min_price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"avg_price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"max_price_per_gpu_hour" numeric(10, 4) NOT NULL,
	"min_spot_per_gpu_hour" numeric(10, 4),
	"observed_seconds" integer NOT NULL,
	"in_stock_seconds" integer NOT NULL,
	"in_stock_share" numeric(5, 4) GENERATED ALWAYS AS (round(in_stock_seconds::numeric / observed_seconds, 4)) STORED,
	"samples" integer NOT NULL,
	CONSTRAINT "price_daily_pkey" PRIMARY KEY("instance_id","day"),
	CONSTRAINT "price_daily_seconds_valid" CHECK (observed_seconds > 0 AND observed_seconds <= 86400 AND in_stock_seconds >= 0 AND in_stock_seconds <= observed_seconds),
	CONSTRAINT "price_daily_prices_ordered" CHECK (min_price_per_gpu_hour > 0 AND min_price_per_gpu_hour <= avg_price_per_gpu_hour AND avg_price_per_gpu_hour <= max_price_per_gpu_hour),
	CONSTRAINT "price_daily_samples_positive" CHECK (samples > 0)
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily" ADD CONSTRAINT "price_daily_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "cloudgpus"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily" ADD CONSTRAINT "price_daily_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."price_daily" ADD CONSTRAINT "price_daily_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_price_daily_gpu_day" ON "cloudgpus"."price_daily" USING btree ("gpu_model_id","day");--> statement-breakpoint
CREATE INDEX "idx_price_daily_provider_day" ON "cloudgpus"."price_daily" USING btree ("provider_id","day");--> statement-breakpoint
CREATE INDEX "idx_price_daily_day" ON "cloudgpus"."price_daily" USING btree ("day");