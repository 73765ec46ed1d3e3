-- Provider rows and scrape schedules for the second batch of provider coverage I (Salad, Oblivus,
-- Seeweb, Mithril, GCP, AWS), and the rows of Genesis Cloud (prices only on its HTML page) and
-- FluidStack (public prices withdrawn), which get no schedule. Facts come from the providers' public
-- pages and API documentation; rows already seeded are only corrected.
-- Schedules follow docs/design.md §3 (P0 every 4 h, P1 every 6 h, P2 every 8 h), staggered.

-- salad
-- salad already has a seeded row (migrations/0002_seed_data.sql); only what the adapter's research
-- can improve. SaladCloud's batch priority is the interruptible tier the adapter stores as spot, so
-- the provider does sell spot-like capacity. The adapter reads the keyed public API under
-- https://api.salad.com/api/public (already the seeded api_base_url).
UPDATE cloudgpus.providers
SET supports_spot_instances = true,
    docs_url = 'https://docs.salad.com/reference/saladcloud-api/organizations/list-gpu-classes',
    updated_at = NOW()
WHERE slug = 'salad';

-- oblivus
-- oblivus already has a seeded row (migrations/0002_seed_data.sql); only what the adapter's research
-- can improve: the v2 cloud API origin the adapter reads (keyed, header apiKey), that the API is
-- public to account holders, and that 12- and 36-month commitments are sold (stored as reserved
-- 1y/3y hourly rates).
UPDATE cloudgpus.providers
SET api_base_url = 'https://api.oblivus.com',
    has_public_api = true,
    supports_reserved_instances = true,
    updated_at = NOW()
WHERE slug = 'oblivus';

-- seeweb
-- Seeweb (slug seeweb): not among the seeded slugs, so a full row.
-- Price source: GET https://api.seeweb.it/ecs/v2/plans with the account token in the X-APITOKEN header
-- (secret SEEWEB_API_KEY). EUR per hour for the whole plan; `available` = plan active, not stock, so
-- offers are recorded as "limited". Regions are Seeweb's ECS location codes.
-- sla_uptime_percent left NULL: no uptime percentage checked for the GPU cloud servers.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'seeweb', 'Seeweb', 'Seeweb', 'regional_cloud', 'standard', 'ITA',
    'https://www.seeweb.it', 'https://www.seeweb.it/en/products/cloud-server-gpu', 'https://github.com/Seeweb/cloudserver-go-client',
    'https://api.seeweb.it/ecs/v2', 'api_key', true, NULL, false, false,
    ARRAY['it-fr2', 'it-mi2', 'ch-lug1', 'bg-sof1', 'hr-zag1'],
    'Italian hosting and cloud company (Frosinone) selling hourly-billed Cloud Server GPU plans, from RTX 6000 and A30 up to H100/H200 and AMD MI300X, in data centers in Italy and nearby European countries',
    ARRAY['EU data residency in Italian data centers', 'Hourly billing with plan prices in euros', 'Wide range from workstation cards to H100/H200'],
    ARRAY['Plan list needs an account token', 'No spot or reserved prices in the plans API', 'Plan listing says nothing about free capacity'],
    ARRAY['European teams needing GDPR-friendly GPU hosting', 'Inference on L4/L40S-class cards', 'Fine-tuning on single H100/H200']
)
ON CONFLICT (slug) DO UPDATE SET
    name = EXCLUDED.name,
    display_name = EXCLUDED.display_name,
    provider_type = EXCLUDED.provider_type,
    reliability_tier = EXCLUDED.reliability_tier,
    headquarters_country = EXCLUDED.headquarters_country,
    website_url = EXCLUDED.website_url,
    pricing_url = EXCLUDED.pricing_url,
    docs_url = EXCLUDED.docs_url,
    api_base_url = EXCLUDED.api_base_url,
    api_auth_type = EXCLUDED.api_auth_type,
    has_public_api = EXCLUDED.has_public_api,
    sla_uptime_percent = EXCLUDED.sla_uptime_percent,
    supports_spot_instances = EXCLUDED.supports_spot_instances,
    supports_reserved_instances = EXCLUDED.supports_reserved_instances,
    available_regions = EXCLUDED.available_regions,
    description = EXCLUDED.description,
    pros = EXCLUDED.pros,
    cons = EXCLUDED.cons,
    best_for = EXCLUDED.best_for,
    updated_at = now();

-- mithril
-- Mithril (formerly Foundry, "ML Foundry"): new row. Adapter workers/providers/mithril reads three
-- keyed endpoints of https://api.mithril.ai (Bearer key): /v2/instance-types, /v2/spot/availability
-- and /v2/pricing/current?instance_type=<fid> (integer US cents per hour, whole node). The fixed
-- reservation rate (reserved_price_cents) is the hourly price; the spot auction's current price
-- (spot_price_cents) is the spot price; minimum_price_cents is only the auction's bid floor.
-- Reservations are short fixed-rate terms, not 1- or 3-year commitments. No SLA published here.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier,
  headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type,
  has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances,
  available_regions, description, pros, cons, best_for)
VALUES ('mithril', 'Mithril', 'Mithril', 'specialized_neocloud', 'standard', 'USA',
  'https://mithril.ai', 'https://mithril.ai/pricing', 'https://docs.mithril.ai', 'https://api.mithril.ai',
  'bearer_token', true, NULL, true, true, NULL,
  'US GPU cloud (formerly Foundry) selling whole NVIDIA A100, H100 and B200 nodes either as fixed-rate reservations or through a spot auction where the hourly price is set by bidding',
  ARRAY['Spot auction often well below fixed rates', 'Fixed-rate reservations of whole nodes', 'Prices and capacity readable through its API'],
  ARRAY['API key needed to read prices', 'Auction prices change hour to hour', 'Spot capacity can be reclaimed when outbid'],
  ARRAY['Interruptible training and batch jobs', 'Short reserved training runs', 'Price-sensitive H100/B200 workloads'])
ON CONFLICT (slug) DO UPDATE SET
  name = EXCLUDED.name, display_name = EXCLUDED.display_name, provider_type = EXCLUDED.provider_type,
  reliability_tier = EXCLUDED.reliability_tier, headquarters_country = EXCLUDED.headquarters_country,
  website_url = EXCLUDED.website_url, pricing_url = EXCLUDED.pricing_url, docs_url = EXCLUDED.docs_url,
  api_base_url = EXCLUDED.api_base_url, api_auth_type = EXCLUDED.api_auth_type,
  has_public_api = EXCLUDED.has_public_api, sla_uptime_percent = EXCLUDED.sla_uptime_percent,
  supports_spot_instances = EXCLUDED.supports_spot_instances,
  supports_reserved_instances = EXCLUDED.supports_reserved_instances,
  available_regions = EXCLUDED.available_regions, description = EXCLUDED.description,
  pros = EXCLUDED.pros, cons = EXCLUDED.cons, best_for = EXCLUDED.best_for, updated_at = NOW();

-- gcp
-- Google Cloud: the seeded row (migrations/0002_seed_data.sql) stays; only what the adapter's
-- source corrects. Prices come from the Cloud Billing Catalog API (services/6F81-5844-456A/skus),
-- which takes a plain API key, not the OAuth2 of the Compute API the row named. Spot and 1- and
-- 3-year committed-use prices are in that catalogue. The SLA figure stays as seeded (99.99 is
-- Google's Compute Engine figure for instances spread over several zones).
UPDATE cloudgpus.providers
SET pricing_url = 'https://cloud.google.com/compute/gpus-pricing',
    docs_url = 'https://cloud.google.com/compute/docs/accelerator-optimized-machines',
    api_base_url = 'https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus',
    api_auth_type = 'api_key',
    has_public_api = true,
    supports_spot_instances = true,
    supports_reserved_instances = true,
    description = 'Google''s cloud; accelerator-optimized machines (A3 High with H100, A2 with A100 40 GB and 80 GB, G2 with L4, plus A3 Ultra H200 and A4 B200) priced per region as GPUs plus the machine''s vCPUs and memory, with Spot prices and 1- and 3-year committed-use discounts',
    pros = ARRAY['Machine-readable price catalogue covering every region', 'Spot VMs at a fraction of the on-demand price', '1- and 3-year committed-use discounts', 'TPUs as an alternative to GPUs'],
    cons = ARRAY['A machine''s price is the sum of separate GPU, vCPU and memory charges', 'GPU quota must be requested before first use', 'Prices differ from region to region'],
    best_for = ARRAY['Enterprise ML', 'Teams already on Google Cloud', 'Spot training jobs that tolerate preemption'],
    updated_at = NOW()
WHERE slug = 'gcp';

-- aws
-- Amazon Web Services: the seeded row (migrations/0002_seed_data.sql) stays; only what the adapter's
-- source corrects. Prices come from the public per-location on-demand documents behind
-- aws.amazon.com/ec2/pricing/on-demand (b0.p.awsstatic.com, no key, no AWS account) and the public
-- spot feed behind aws.amazon.com/ec2/spot/pricing; the seeded api_base_url/api_auth_type named the
-- EC2 API and SigV4, which the adapter does not use. Reserved rates exist (Savings Plans, RIs) but
-- only in the bulk price list, which the adapter does not read. SLA stays as seeded (99.99, the EC2
-- region-level commitment).
UPDATE cloudgpus.providers
SET pricing_url = 'https://aws.amazon.com/ec2/pricing/on-demand/',
    docs_url = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html',
    api_base_url = 'https://b0.p.awsstatic.com',
    api_auth_type = 'none',
    has_public_api = true,
    supports_spot_instances = true,
    supports_reserved_instances = true,
    description = 'Amazon''s cloud; EC2 GPU instances (P6 B200, P5/P5e/P5en H100 and H200, P4d/P4de A100, G6e L40S, G6/Gr6 L4, G5 A10G, G4dn T4) priced per region and per hour for the whole instance, with Spot prices and 1- or 3-year Savings Plans and Reserved Instances',
    pros = ARRAY['Public list prices for every region, no account needed', 'Spot capacity on most GPU types', 'Largest region footprint', 'Enterprise compliance and support'],
    cons = ARRAY['Top GPUs sold mostly as 8-GPU instances', 'GPU quota must be requested before first use', 'List prices well above specialised GPU clouds'],
    best_for = ARRAY['Enterprise', 'Teams already on AWS', 'Spot-tolerant batch and inference'],
    updated_at = NOW()
WHERE slug = 'aws';

-- genesis-cloud
-- Genesis Cloud (slug genesis-cloud): not among the seeded slugs, so a full row.
-- NO ADAPTER: the Compute API (https://api.genesiscloud.com/compute/v1, header X-Auth-Token) documents instances,
-- images, volumes, availability and billing types, but no price field or price endpoint (checked in the official
-- OpenAPI/types of genesiscloud/genesiscloud-go @163ad0b and terraform-provider-genesiscloud @82242a1). Prices are
-- only on https://www.genesiscloud.com/pricing (HTML). The row is safe to insert; schedule nothing until an adapter exists.
-- Regions: the Region enum of genesiscloud-go @163ad0b.
-- sla_uptime_percent left NULL: no published SLA checked. supports_reserved_instances true: the API's billing types
-- include reserved and prepaid 1/3/6/12-month terms.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'genesis-cloud', 'Genesis Cloud', 'Genesis Cloud', 'specialized_neocloud', 'standard', 'DEU',
    'https://www.genesiscloud.com', 'https://www.genesiscloud.com/pricing', 'https://developers.genesiscloud.com',
    'https://api.genesiscloud.com/compute/v1', 'api_key', true, NULL, false, true,
    ARRAY['NORD-NO-KRS-1', 'EUC-DE-MUC-1', 'EUW-GB-MNC-1', 'EUW-NL-AMS-1', 'NA-CA-FTS-1', 'NA-CA-MNZ-1', 'NA-CA-PRG-1'],
    'European GPU cloud running NVIDIA instances (RTX 3080/3090 up to HGX H100/H200/B200) in data centers in Norway, Germany, the UK, the Netherlands and Canada, with on-demand and reserved or prepaid terms',
    ARRAY['Renewable-powered data centers', 'EU company, GDPR-oriented', 'API, Terraform and Pulumi providers for automation'],
    ARRAY['Prices published only on the web page, not in the API', 'Quota request needed before creating instances', 'Region list changes often (older Icelandic region retired)'],
    ARRAY['Sustainability-minded training runs', 'European teams needing EU data residency', 'Multi-GPU HGX training clusters']
)
ON CONFLICT (slug) DO UPDATE SET
    name = EXCLUDED.name,
    display_name = EXCLUDED.display_name,
    provider_type = EXCLUDED.provider_type,
    reliability_tier = EXCLUDED.reliability_tier,
    headquarters_country = EXCLUDED.headquarters_country,
    website_url = EXCLUDED.website_url,
    pricing_url = EXCLUDED.pricing_url,
    docs_url = EXCLUDED.docs_url,
    api_base_url = EXCLUDED.api_base_url,
    api_auth_type = EXCLUDED.api_auth_type,
    has_public_api = EXCLUDED.has_public_api,
    sla_uptime_percent = EXCLUDED.sla_uptime_percent,
    supports_spot_instances = EXCLUDED.supports_spot_instances,
    supports_reserved_instances = EXCLUDED.supports_reserved_instances,
    available_regions = EXCLUDED.available_regions,
    description = EXCLUDED.description,
    pros = EXCLUDED.pros,
    cons = EXCLUDED.cons,
    best_for = EXCLUDED.best_for,
    updated_at = now();

-- fluidstack
-- FluidStack: seeded row (migrations/0002_seed_data.sql) kept; no adapter. Public list prices are
-- withdrawn: the pricing page no longer publishes rates (ygwyg/gputable scrape.mjs: Fluidstack
-- "dropped public pricing" on its pivot to large enterprise deals). The old keyed
-- platform.fluidstack.io/list_available_configurations belongs to the retired self-serve platform;
-- the current Atlas API (api.atlas.fluidstack.io/api/v1alpha1) manages clusters and lists no prices.
-- The seeded 99.0 % SLA and spot support were not found in public material, so they are cleared.
UPDATE cloudgpus.providers
SET provider_type = 'specialized_neocloud',
    pricing_url = NULL,
    api_base_url = 'https://api.atlas.fluidstack.io/api/v1alpha1',
    has_public_api = false,
    sla_uptime_percent = NULL,
    supports_spot_instances = false,
    supports_reserved_instances = true,
    description = 'UK-based GPU cloud building large dedicated NVIDIA clusters for enterprise and AI-lab contracts; public prices are withdrawn (quotes by contact only), so CloudGPUs lists no FluidStack prices',
    pros = ARRAY['Large dedicated GPU clusters', 'Multiple datacenter partners'],
    cons = ARRAY['No public prices (contact sales)', 'No self-serve price API'],
    best_for = ARRAY['Large committed training clusters'],
    updated_at = NOW()
WHERE slug = 'fluidstack';

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('salad', 'P2', 8, 7, 'scrape'),
        ('oblivus', 'P1', 6, 1, 'scrape'),
        ('seeweb', 'P1', 6, 5, 'scrape'),
        ('mithril', 'P1', 6, 3, 'scrape'),
        ('gcp', 'P0', 4, 3, 'scrape'),
        ('aws', 'P0', 4, 1, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO UPDATE SET
    priority = EXCLUDED.priority,
    interval_hours = EXCLUDED.interval_hours,
    offset_hours = EXCLUDED.offset_hours,
    queue = EXCLUDED.queue;
