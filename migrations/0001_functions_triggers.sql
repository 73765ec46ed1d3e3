-- Everything of docs/database.md that drizzle-kit cannot generate from workers/db/schema.ts:
-- extensions, the covering indexes (INCLUDE) and autovacuum settings (§3), table comments,
-- triggers, functions and permissions (§4). Written to be safe to run twice.

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- docs/database.md §3: indexes that need INCLUDE
CREATE INDEX IF NOT EXISTS idx_price_history_gpu_agg ON cloudgpus.price_history (gpu_model_id, recorded_at)
    INCLUDE (provider_id, price_per_gpu_hour, price_per_hour_spot);
CREATE INDEX IF NOT EXISTS idx_providers_slug_covering ON cloudgpus.providers (slug)
    INCLUDE (id, display_name, reliability_tier, provider_type, is_active);

COMMENT ON TABLE cloudgpus.gpu_models IS 'Normalized GPU hardware catalog with technical specifications';
COMMENT ON COLUMN cloudgpus.gpu_models.slug IS 'URL-safe identifier used in routes: /gpu/h100-sxm';
COMMENT ON COLUMN cloudgpus.gpu_models.memory_bandwidth_gbps IS 'Memory bandwidth in GB/s, critical for inference performance';
COMMENT ON TABLE cloudgpus.providers IS 'Cloud provider registry with affiliate info and API metadata';
COMMENT ON COLUMN cloudgpus.providers.sla_uptime_percent IS 'Advertised SLA uptime percentage, used for DePIN filtering (>= 95%)';
COMMENT ON TABLE cloudgpus.instances IS 'Real-time GPU instance pricing - main table with high write volume';
COMMENT ON COLUMN cloudgpus.instances.price_per_hour IS 'USD per hour for the whole instance (all of its GPUs), on-demand';
COMMENT ON COLUMN cloudgpus.instances.price_per_gpu_hour IS 'Normalized price for comparison: total_price / gpu_count';
COMMENT ON COLUMN cloudgpus.instances.price_includes IS 'JSON describing what is included: {"infiniband": true, "storage_gb": 100}';
COMMENT ON TABLE cloudgpus.price_history IS 'Historical price snapshots for trend charts, partitioned by month';
COMMENT ON TABLE cloudgpus.scrape_jobs IS 'Scraper job logs for monitoring and debugging the ingestion pipeline';
COMMENT ON TABLE cloudgpus.gpu_benchmarks IS 'GPU performance benchmarks for workload-specific recommendations';
COMMENT ON TABLE cloudgpus.content_pages IS 'Generated pSEO content pages for GPUs, providers, and comparisons';

ALTER TABLE cloudgpus.instances SET (
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 10
);
ALTER TABLE cloudgpus.price_history SET (
    autovacuum_vacuum_scale_factor = 0.1,
    autovacuum_analyze_scale_factor = 0.05,
    fillfactor = 90
);

-- docs/database.md §4: updated_at
CREATE OR REPLACE FUNCTION cloudgpus.update_timestamp()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS update_gpu_models_timestamp ON cloudgpus.gpu_models;
CREATE TRIGGER update_gpu_models_timestamp
    BEFORE UPDATE ON cloudgpus.gpu_models
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

DROP TRIGGER IF EXISTS update_providers_timestamp ON cloudgpus.providers;
CREATE TRIGGER update_providers_timestamp
    BEFORE UPDATE ON cloudgpus.providers
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

DROP TRIGGER IF EXISTS update_instances_timestamp ON cloudgpus.instances;
CREATE TRIGGER update_instances_timestamp
    BEFORE UPDATE ON cloudgpus.instances
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

DROP TRIGGER IF EXISTS update_gpu_benchmarks_timestamp ON cloudgpus.gpu_benchmarks;
CREATE TRIGGER update_gpu_benchmarks_timestamp
    BEFORE UPDATE ON cloudgpus.gpu_benchmarks
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

DROP TRIGGER IF EXISTS update_content_pages_timestamp ON cloudgpus.content_pages;
CREATE TRIGGER update_content_pages_timestamp
    BEFORE UPDATE ON cloudgpus.content_pages
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

-- docs/database.md §4: price per VRAM GB hour
CREATE OR REPLACE FUNCTION cloudgpus.compute_price_per_vram()
RETURNS TRIGGER AS $$
DECLARE
    v_vram_gb SMALLINT;
BEGIN
    SELECT vram_gb INTO v_vram_gb
    FROM cloudgpus.gpu_models
    WHERE id = NEW.gpu_model_id;

    IF v_vram_gb IS NOT NULL AND v_vram_gb > 0 THEN
        NEW.price_per_vram_gb_hour = NEW.price_per_hour / (NEW.gpu_count * v_vram_gb);
    ELSE
        NEW.price_per_vram_gb_hour = NULL;
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS compute_instance_price_per_vram ON cloudgpus.instances;
CREATE TRIGGER compute_instance_price_per_vram
    BEFORE INSERT OR UPDATE OF price_per_hour, gpu_count, gpu_model_id ON cloudgpus.instances
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.compute_price_per_vram();

-- docs/database.md §4: price history: one row per change of price, spot price or availability
CREATE OR REPLACE FUNCTION cloudgpus.record_price_history()
RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'INSERT' OR
       OLD.price_per_hour IS DISTINCT FROM NEW.price_per_hour OR
       OLD.price_per_hour_spot IS DISTINCT FROM NEW.price_per_hour_spot OR
       OLD.availability_status IS DISTINCT FROM NEW.availability_status THEN

        INSERT INTO cloudgpus.price_history (
            instance_id,
            provider_id,
            gpu_model_id,
            price_per_hour,
            price_per_gpu_hour,
            price_per_hour_spot,
            availability_status,
            gpu_count,
            recorded_at
        ) VALUES (
            NEW.id,
            NEW.provider_id,
            NEW.gpu_model_id,
            NEW.price_per_hour,
            NEW.price_per_gpu_hour,
            NEW.price_per_hour_spot,
            NEW.availability_status,
            NEW.gpu_count,
            NOW()
        );
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS record_instance_price_history ON cloudgpus.instances;
CREATE TRIGGER record_instance_price_history
    AFTER INSERT OR UPDATE ON cloudgpus.instances
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.record_price_history();

-- docs/database.md §4: provider last_price_update
CREATE OR REPLACE FUNCTION cloudgpus.update_provider_last_price_update()
RETURNS TRIGGER AS $$
BEGIN
    UPDATE cloudgpus.providers
    SET last_price_update = NOW()
    WHERE id = NEW.provider_id;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS track_provider_price_update ON cloudgpus.instances;
CREATE TRIGGER track_provider_price_update
    AFTER INSERT OR UPDATE ON cloudgpus.instances
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_provider_last_price_update();

-- docs/database.md §4: DePIN uptime notice (filtering aid, never a hard constraint)
CREATE OR REPLACE FUNCTION cloudgpus.validate_depin_uptime()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.provider_type = 'depin' AND
       NEW.sla_uptime_percent IS NOT NULL AND
       NEW.sla_uptime_percent < 95 THEN
        RAISE NOTICE 'DePIN provider % has uptime below 95%% threshold', NEW.name;
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS validate_depin_provider_uptime ON cloudgpus.providers;
CREATE TRIGGER validate_depin_provider_uptime
    BEFORE INSERT OR UPDATE ON cloudgpus.providers
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.validate_depin_uptime();

-- docs/database.md §4: stale instances: called by the maintenance queue (cron 0 3 * * *), not pg_cron
CREATE OR REPLACE FUNCTION cloudgpus.cleanup_stale_instances()
RETURNS INTEGER AS $$
DECLARE
    affected_count INTEGER;
BEGIN
    UPDATE cloudgpus.instances
    SET is_active = false,
        availability_status = 'deprecated'
    WHERE is_active = true
      AND last_scraped_at < NOW() - INTERVAL '24 hours';

    GET DIAGNOSTICS affected_count = ROW_COUNT;
    RETURN affected_count;
END;
$$ LANGUAGE plpgsql;

-- docs/database.md §4: permissions. The first design targeted Supabase, whose roles anon/authenticated/service_role do not
-- exist elsewhere: create them (NOLOGIN) where we may, and grant only to roles that exist.
DO $$
DECLARE
    role_name TEXT;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN insufficient_privilege OR duplicate_object THEN
                RAISE NOTICE 'role % not created: %', role_name, SQLERRM;
            END;
        END IF;
    END LOOP;

    FOREACH role_name IN ARRAY ARRAY['postgres', 'anon', 'authenticated', 'service_role'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name);
        BEGIN
            EXECUTE format('GRANT USAGE ON SCHEMA cloudgpus TO %I', role_name);
            IF role_name IN ('anon', 'authenticated') THEN
                EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA cloudgpus TO %I', role_name);
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA cloudgpus GRANT SELECT ON TABLES TO %I', role_name);
            ELSE
                EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA cloudgpus TO %I', role_name);
                EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA cloudgpus TO %I', role_name);
                EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA cloudgpus TO %I', role_name);
            END IF;
            IF role_name = 'service_role' THEN
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA cloudgpus GRANT ALL ON TABLES TO %I', role_name);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'grants to % skipped: %', role_name, SQLERRM;
        END;
    END LOOP;
END $$;
