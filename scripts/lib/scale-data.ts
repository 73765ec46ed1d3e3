import type pg from "pg";

// The data of `npm run bench:scale`: 10× the design's volumes (docs/design.md, seed architecture
// §6.1), made in SQL. Every row goes through the schema's constraints and triggers: offers are
// inserted as a scrape would insert them, so the triggers compute price_per_vram_gb_hour, write each
// offer's first price_history row and stamp its provider's last_price_update. That first row is
// stamped NOW(), though; it is replaced by a year of history that ends in the offer's current state,
// as if the triggers had run at each change since the offer was created.

export interface ScaleVolumes {
  providers: number;
  offers: number;
  history: number;
  scrapeJobs: number;
  subscriptions: number;
}

/** The issue's volumes times `scale`: 400 providers' worth of offers, 5 M history rows, 100 k jobs. */
export function scaleVolumes(scale: number): ScaleVolumes {
  return {
    providers: Math.round(400 * scale),
    offers: Math.round(20_000 * scale),
    history: Math.round(5_000_000 * scale),
    scrapeJobs: Math.round(100_000 * scale),
    subscriptions: Math.round(10_000 * scale),
  };
}

export const SCALE_PREFIX = "scale-";

/** One step of the generation: a name for the log and its statements. */
interface Step {
  name: string;
  statements: string[];
}

function steps(volumes: ScaleVolumes): Step[] {
  return [
    {
      // The seed's real providers plus generated ones up to `providers`; each generated one has a
      // schedule, as every provider the planner scrapes does.
      name: "providers",
      statements: [
        `INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, website_url, is_active, supports_spot_instances)
         SELECT '${SCALE_PREFIX}' || lpad(n::text, 3, '0'), 'Scale ' || n, 'Scale Cloud ' || n,
                (enum_range(NULL::cloudgpus.provider_type))[1 + n % 6],
                (enum_range(NULL::cloudgpus.reliability_tier))[1 + n % 3],
                'https://scale-' || n || '.example', n % 20 <> 0, n % 3 = 0
         FROM generate_series(1, GREATEST(0, ${volumes.providers} - (SELECT count(*) FROM cloudgpus.providers))) n`,
        `INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours)
         SELECT id, (ARRAY['P0', 'P1', 'P2'])[1 + abs(hashtext(slug)) % 3], 6, abs(hashtext(slug)) % 6
         FROM cloudgpus.providers WHERE slug LIKE '${SCALE_PREFIX}%'`,
      ],
    },
    {
      // Skewed as a real catalogue is: a few providers (marketplaces) list most offers, and the
      // popular GPUs (h100-sxm first) have the most. A tenth are withdrawn.
      name: "offers",
      statements: [
        `CREATE TEMP TABLE scale_providers AS
         SELECT row_number() OVER (ORDER BY md5(slug)) AS rank, id FROM cloudgpus.providers`,
        `CREATE TEMP TABLE scale_gpus AS
         SELECT row_number() OVER (ORDER BY slug <> 'h100-sxm', md5(slug)) AS rank, id, vram_gb FROM cloudgpus.gpu_models`,
        `INSERT INTO cloudgpus.instances (provider_id, gpu_model_id, instance_type, instance_name, gpu_count, price_per_hour,
           price_per_hour_spot, price_per_hour_reserved_1y, vcpu_count, ram_gb, availability_status, available_regions,
           has_nvlink, raw_data, source_url, instance_url, is_active, created_at, last_scraped_at)
         SELECT p.id, g.id, '${SCALE_PREFIX}' || o.n, 'Scale offer ' || o.n, o.gpus,
                round(price.per_gpu * o.gpus, 4),
                CASE WHEN o.n % 3 = 0 THEN round(price.per_gpu * o.gpus * 0.6, 4) END,
                CASE WHEN o.n % 5 = 0 THEN round(price.per_gpu * o.gpus * 0.7, 4) END,
                (8 * o.gpus)::smallint, (64 * o.gpus)::smallint,
                (ARRAY['available', 'available', 'available', 'available', 'available', 'available', 'available',
                       'limited', 'limited', 'sold_out'])[1 + o.n % 10]::cloudgpus.availability_status,
                ARRAY[(ARRAY['us-east-1', 'us-west-2', 'eu-west-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1'])[1 + o.n % 6]],
                o.gpus = 8,
                jsonb_build_object('id', 'offer-' || o.n, 'gpu', g.id, 'gpus', o.gpus, 'price', round(price.per_gpu * o.gpus, 4),
                                   'region', 'region-' || o.n % 6, 'notes', repeat('x', 200)),
                'https://scale.example/prices', 'https://scale.example/offers/' || o.n,
                o.active, o.created_at,
                CASE WHEN o.active THEN now() - random() * interval '6 hours'
                     ELSE o.created_at + (now() - o.created_at) * (0.2 + 0.8 * random()) END
         FROM (
           SELECT n, n % 10 <> 0 AS active,
                  1 + floor((SELECT count(*) FROM scale_providers) * random() ^ 2)::int AS provider_rank,
                  1 + floor((SELECT count(*) FROM scale_gpus) * random() ^ 2)::int AS gpu_rank,
                  (ARRAY[1, 1, 2, 4, 8, 8])[1 + n % 6]::smallint AS gpus,
                  now() - interval '365 days' * (1 - random() ^ 4) AS created_at,
                  random() AS price_draw
           FROM generate_series(1, ${volumes.offers}) n
         ) o
         JOIN scale_providers p ON p.rank = o.provider_rank
         JOIN scale_gpus g ON g.rank = o.gpu_rank
         CROSS JOIN LATERAL (SELECT (0.1 + g.vram_gb / 40.0 * (0.5 + o.price_draw))::numeric AS per_gpu) price`,
      ],
    },
    {
      // Each offer's changes (k of them, skewed: marketplaces reprice hourly, hyperscalers rarely)
      // spread from its creation to now (or its withdrawal), the last one its current state. Staged
      // and then appended in time order, as rows arrive in production (what the BRIN index assumes).
      name: "price history",
      statements: [
        `DELETE FROM cloudgpus.price_history h USING cloudgpus.instances i
         WHERE i.id = h.instance_id AND i.instance_type LIKE '${SCALE_PREFIX}%'`,
        `CREATE TEMP TABLE scale_weights AS
         SELECT id, random() ^ 2 + 0.02 AS weight FROM cloudgpus.instances WHERE instance_type LIKE '${SCALE_PREFIX}%'`,
        `CREATE TEMP TABLE scale_changes AS
         SELECT w.id, 1 + floor(w.weight / t.total * GREATEST(0, ${volumes.history} - t.offers))::int AS k
         FROM scale_weights w CROSS JOIN (SELECT sum(weight) AS total, count(*) AS offers FROM scale_weights) t`,
        `CREATE TEMP TABLE scale_history AS
         SELECT i.id AS instance_id, i.provider_id, i.gpu_model_id, i.gpu_count,
                CASE WHEN last THEN i.price_per_hour ELSE round(i.price_per_hour * (0.8 + 0.4 * random())::numeric, 4) END AS price_per_hour,
                CASE WHEN last THEN i.price_per_hour_spot
                     ELSE round(i.price_per_hour_spot * (0.7 + 0.6 * random())::numeric, 4) END AS price_per_hour_spot,
                CASE WHEN last THEN i.availability_status
                     ELSE (ARRAY['available', 'available', 'available', 'available', 'available', 'available', 'available',
                                 'limited', 'sold_out', 'sold_out'])[1 + floor(random() * 10)::int]::cloudgpus.availability_status
                END AS availability_status,
                CASE WHEN j = 0 THEN i.created_at
                     ELSE i.created_at + (CASE WHEN i.is_active THEN now() ELSE i.last_scraped_at END - i.created_at)
                                         * ((j + 0.9 * random()) / c.k) END AS recorded_at
         FROM cloudgpus.instances i
         JOIN scale_changes c ON c.id = i.id
         CROSS JOIN LATERAL generate_series(0, c.k - 1) j
         CROSS JOIN LATERAL (SELECT j = c.k - 1 AS last) l`,
        `INSERT INTO cloudgpus.price_history (instance_id, provider_id, gpu_model_id, price_per_hour, price_per_gpu_hour,
           price_per_hour_spot, availability_status, gpu_count, recorded_at)
         SELECT instance_id, provider_id, gpu_model_id, price_per_hour, round(price_per_hour / gpu_count, 4),
                price_per_hour_spot, availability_status, gpu_count, recorded_at
         FROM scale_history ORDER BY recorded_at`,
        "DROP TABLE scale_history, scale_changes, scale_weights",
      ],
    },
    {
      // A day's rollup row for every day each offer was listed before today, prices around its
      // current one (what the hourly job would have stored; not recomputed from the history above,
      // which would take the job's year of work: the reads only need the rows' number and spread).
      name: "daily rollup",
      statements: [
        `INSERT INTO cloudgpus.price_daily (instance_id, day, provider_id, gpu_model_id, min_price_per_gpu_hour,
           avg_price_per_gpu_hour, max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples)
         SELECT id, day, provider_id, gpu_model_id,
                round(price_per_gpu_hour * draw * 0.97, 4), round(price_per_gpu_hour * draw, 4),
                round(price_per_gpu_hour * draw * 1.03, 4), round(price_per_hour_spot / gpu_count * draw, 4),
                86400, CASE WHEN draw < 0.9 THEN 43200 ELSE 86400 END, 1 + floor(draw * 4)::int
         FROM (
           SELECT i.*, d.day::date AS day, (0.85 + 0.3 * random())::numeric AS draw
           FROM cloudgpus.instances i
           CROSS JOIN LATERAL generate_series(
             ((i.created_at AT TIME ZONE 'UTC')::date + 1)::timestamp,
             LEAST((now() AT TIME ZONE 'UTC')::date - 1,
                   (CASE WHEN i.is_active THEN now() ELSE i.last_scraped_at END AT TIME ZONE 'UTC')::date - 1)::timestamp,
             interval '1 day') AS d(day)
           WHERE i.instance_type LIKE '${SCALE_PREFIX}%'
         ) offer_days
         ORDER BY day`,
        // Its sums per GPU model and provider, as the job writes them (workers/db/rollup.ts).
        `INSERT INTO cloudgpus.price_daily_gpu_provider (gpu_model_id, provider_id, day, min_price_per_gpu_hour, price_seconds,
           max_price_per_gpu_hour, min_spot_per_gpu_hour, observed_seconds, in_stock_seconds, samples)
         SELECT gpu_model_id, provider_id, day, min(min_price_per_gpu_hour), sum(avg_price_per_gpu_hour * observed_seconds),
                max(max_price_per_gpu_hour), min(min_spot_per_gpu_hour), sum(observed_seconds), sum(in_stock_seconds), sum(samples)
         FROM cloudgpus.price_daily
         GROUP BY gpu_model_id, provider_id, day
         ON CONFLICT DO NOTHING`,
      ],
    },
    {
      // A year of scrape jobs over the providers with schedules, appended in time order.
      name: "scrape jobs",
      statements: [
        `INSERT INTO cloudgpus.scrape_jobs (provider_id, status, started_at, completed_at, duration_ms, instances_found,
           instances_updated, error_code, error_message, scraper_version)
         SELECT s.provider_id, j.status, j.started_at,
                CASE WHEN j.status = 'completed' THEN j.started_at + j.duration END,
                (extract(epoch FROM j.duration) * 1000)::int,
                CASE WHEN j.status = 'completed' THEN 20 + floor(random() * 200)::int ELSE 0 END,
                CASE WHEN j.status = 'completed' THEN floor(random() * 20)::int ELSE 0 END,
                CASE WHEN j.status <> 'completed' THEN 'E_' || upper(j.status::text) END,
                CASE WHEN j.status <> 'completed' THEN 'scale: ' || j.status END, 'scale'
         FROM (
           SELECT n, 1 + floor((SELECT count(*) FROM cloudgpus.scrape_schedules) * random())::int AS schedule_rank,
                  now() - interval '365 days' * random() AS started_at,
                  interval '1 second' * (2 + random() * 60) AS duration,
                  (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                         'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                         'completed', 'completed', 'completed', 'failed', 'timeout', 'rate_limited'])[1 + n % 20]::cloudgpus.scrape_status AS status
           FROM generate_series(1, ${volumes.scrapeJobs}) n
         ) j
         JOIN (SELECT row_number() OVER (ORDER BY provider_id) AS rank, provider_id FROM cloudgpus.scrape_schedules) s
           ON s.rank = j.schedule_rank
         ORDER BY j.started_at`,
      ],
    },
    {
      // Alert rules, the popular GPUs watched most; most active, a third naming providers.
      name: "alert subscriptions",
      statements: [
        `INSERT INTO cloudgpus.alert_subscriptions (gpu_model_id, provider_ids, reliability_tier, region, kind,
           max_price_per_gpu_hour, back_in_stock, channel, target, digest, status, token_hash, unsubscribe_token,
           signing_secret, client_key, last_notified_at, confirmed_at)
         SELECT g.id,
                CASE WHEN n % 3 = 0 THEN ARRAY[(SELECT id FROM scale_providers WHERE rank = 1 + n % (SELECT count(*) FROM scale_providers))] END,
                CASE WHEN n % 11 = 0 THEN 'enterprise'::cloudgpus.reliability_tier END,
                CASE WHEN n % 10 = 0 THEN 'eu-west-1' END,
                CASE WHEN n % 4 = 0 THEN 'spot' ELSE 'on_demand' END,
                CASE WHEN n % 7 = 0 THEN NULL ELSE round((0.5 + random() * 3)::numeric, 2) END,
                n % 7 = 0 OR n % 5 = 0,
                (ARRAY['email', 'webhook', 'slack'])[1 + n % 3],
                CASE n % 3 WHEN 0 THEN 'user' || (n % 4000) || '@example.com'
                           WHEN 1 THEN 'https://hooks.example.com/' || n ELSE 'https://hooks.slack.com/services/' || n END,
                n % 3 = 0 AND n % 2 = 0,
                (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active',
                       'active', 'active', 'active', 'active', 'active', 'active', 'active', 'pending_confirmation', 'paused', 'disabled'])[1 + n % 20],
                encode(sha256(('token-' || n)::bytea), 'hex'), encode(sha256(('unsubscribe-' || n)::bytea), 'hex'),
                CASE WHEN n % 3 <> 0 THEN 'whsec_scale' END, 'scale:' || (n % 2000),
                CASE WHEN n % 2 = 0 THEN now() - random() * interval '30 days' END, now() - interval '60 days'
         FROM (SELECT n, 1 + floor((SELECT count(*) FROM scale_gpus) * random() ^ 2)::int AS gpu_rank
               FROM generate_series(1, ${volumes.subscriptions}) n) s
         JOIN scale_gpus g ON g.rank = s.gpu_rank`,
        "DROP TABLE scale_providers, scale_gpus",
      ],
    },
  ];
}

/** Fills the (migrated, otherwise empty) database; returns each step's seconds. */
export async function generateScaleData(
  client: pg.Client,
  volumes: ScaleVolumes,
  log: (line: string) => void,
): Promise<{ step: string; seconds: number }[]> {
  await client.query("SELECT setseed(0.15)");
  await client.query("SET work_mem = '256MB'");
  await client.query("SET maintenance_work_mem = '512MB'");
  const timings: { step: string; seconds: number }[] = [];
  for (const step of steps(volumes)) {
    const started = performance.now();
    for (const statement of step.statements) await client.query(statement);
    const seconds = (performance.now() - started) / 1000;
    timings.push({ step: step.name, seconds });
    log(`[scale] ${step.name}: ${seconds.toFixed(1)} s`);
  }
  await client.query("VACUUM ANALYZE");
  return timings;
}

/** Whether a kept database already holds the generated data. */
export async function hasScaleData(client: pg.Client): Promise<boolean> {
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cloudgpus.instances WHERE instance_type LIKE '${SCALE_PREFIX}%'`,
  );
  return (result.rows[0]?.n ?? 0) > 0;
}

/** Rows per table the paths read, for the log and the notes. */
export async function rowCounts(client: pg.Client): Promise<[string, number][]> {
  const tables = [
    "providers",
    "gpu_models",
    "instances",
    "price_history",
    "price_daily",
    "price_daily_gpu_provider",
    "scrape_jobs",
    "scrape_schedules",
    "alert_subscriptions",
    "alert_firings",
  ];
  const counts: [string, number][] = [];
  for (const table of tables) {
    const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM cloudgpus.${table}`);
    counts.push([table, result.rows[0]?.n ?? 0]);
  }
  return counts;
}
