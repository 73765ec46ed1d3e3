CREATE TABLE "cloudgpus"."affiliate_clicks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"source_path" varchar(200),
	"country" varchar(2),
	"clicked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."affiliate_clicks" ADD CONSTRAINT "affiliate_clicks_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "cloudgpus"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_affiliate_clicks_provider_time" ON "cloudgpus"."affiliate_clicks" USING btree ("provider_id","clicked_at" DESC NULLS LAST);