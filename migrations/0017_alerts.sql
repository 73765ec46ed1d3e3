CREATE TABLE "cloudgpus"."alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"events" jsonb NOT NULL,
	"status" varchar(10) NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"last_error" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "alert_deliveries_status_valid" CHECK (status IN ('queued', 'digest', 'sent', 'failed', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."alert_firings" (
	"subscription_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"event" varchar(20) NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_firings_pkey" PRIMARY KEY("subscription_id","instance_id","event"),
	CONSTRAINT "alert_firings_event_valid" CHECK (event IN ('price_below', 'back_in_stock'))
);
--> statement-breakpoint
CREATE TABLE "cloudgpus"."alert_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gpu_model_id" uuid NOT NULL,
	"provider_ids" uuid[],
	"reliability_tier" "cloudgpus"."reliability_tier",
	"region" varchar(50),
	"kind" varchar(10) DEFAULT 'on_demand' NOT NULL,
	"max_price_per_gpu_hour" numeric(10, 4),
	"back_in_stock" boolean DEFAULT false NOT NULL,
	"channel" varchar(10) NOT NULL,
	"target" varchar(500) NOT NULL,
	"digest" boolean DEFAULT false NOT NULL,
	"status" varchar(30) NOT NULL,
	"disabled_reason" varchar(300),
	"token_hash" varchar(64) NOT NULL,
	"confirm_token_hash" varchar(64),
	"unsubscribe_token" varchar(64) NOT NULL,
	"signing_secret" varchar(80),
	"client_key" varchar(100) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"last_notified_at" timestamp with time zone,
	CONSTRAINT "alert_subscriptions_token_hash_key" UNIQUE("token_hash"),
	CONSTRAINT "alert_subscriptions_unsubscribe_token_key" UNIQUE("unsubscribe_token"),
	CONSTRAINT "alert_subscriptions_kind_valid" CHECK (kind IN ('on_demand', 'spot')),
	CONSTRAINT "alert_subscriptions_channel_valid" CHECK (channel IN ('email', 'webhook', 'slack')),
	CONSTRAINT "alert_subscriptions_status_valid" CHECK (status IN ('pending_confirmation', 'active', 'paused', 'disabled')),
	CONSTRAINT "alert_subscriptions_watches_something" CHECK (max_price_per_gpu_hour > 0 OR (max_price_per_gpu_hour IS NULL AND back_in_stock))
);
--> statement-breakpoint
ALTER TABLE "cloudgpus"."alert_deliveries" ADD CONSTRAINT "alert_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "cloudgpus"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."alert_firings" ADD CONSTRAINT "alert_firings_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "cloudgpus"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."alert_firings" ADD CONSTRAINT "alert_firings_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "cloudgpus"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloudgpus"."alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_gpu_model_id_fkey" FOREIGN KEY ("gpu_model_id") REFERENCES "cloudgpus"."gpu_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_alert_deliveries_subscription" ON "cloudgpus"."alert_deliveries" USING btree ("subscription_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_alert_deliveries_digest" ON "cloudgpus"."alert_deliveries" USING btree ("subscription_id") WHERE status = 'digest';--> statement-breakpoint
CREATE INDEX "idx_alert_subscriptions_match" ON "cloudgpus"."alert_subscriptions" USING btree ("gpu_model_id","kind") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "idx_alert_subscriptions_target" ON "cloudgpus"."alert_subscriptions" USING btree ("channel",lower("target"));--> statement-breakpoint
CREATE INDEX "idx_alert_subscriptions_client" ON "cloudgpus"."alert_subscriptions" USING btree ("client_key");--> statement-breakpoint
CREATE TRIGGER update_alert_subscriptions_timestamp
  BEFORE UPDATE ON cloudgpus.alert_subscriptions
  FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();
