-- Provider rows and scrape schedules for the adapters of provider coverage I. Facts come from
-- the providers' public pages and API documentation; rows already seeded are only corrected.
-- Schedules follow docs/design.md §3 (P0 every 4 h, P1 every 6 h, P2 every 8 h), staggered.

-- linode
-- Provider row for the linode adapter (workers/providers/linode). Linode is not among the seeded
-- providers, so this inserts it; re-running updates it.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'linode',
    'Akamai Cloud (Linode)',
    'Linode',
    'regional_cloud',
    'standard',
    'USA',
    'https://www.linode.com',
    'https://www.linode.com/pricing/',
    'https://techdocs.akamai.com/linode-api/reference/api',
    'https://api.linode.com/v4',
    'bearer_token',
    true,
    99.99, -- Linode's published uptime guarantee for compute instances
    false,
    false,
    -- Regions where a GPU plan was seen deployable in region availability (2024-07 and 2025-08 answers);
    -- the adapter reports the live list per plan.
    ARRAY['us-east', 'us-southeast', 'us-ord', 'us-sea', 'eu-central', 'fr-par', 'de-fra-2', 'ap-south', 'ap-west', 'jp-osa', 'in-bom-2', 'sg-sin-2'],
    'Akamai''s developer cloud (formerly Linode) with dedicated Quadro RTX 6000 and RTX 4000 Ada GPU plans, priced per hour with a monthly cap',
    ARRAY['Plan catalogue and stock readable without an account', 'Flat hourly price capped at a monthly rate', 'Many regions worldwide'],
    ARRAY['Only older or mid-range GPUs (Quadro RTX 6000, RTX 4000 Ada)', 'GPU plans in a few regions only', 'No spot or reserved pricing'],
    ARRAY['Inference of small models', 'Video transcoding and rendering', 'Teams already on Linode']
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
    updated_at = NOW();

-- digitalocean
-- Provider row for the digitalocean adapter (workers/providers/digitalocean). DigitalOcean is not
-- among the seeded providers, so this inserts it; re-running updates it. Its GPU Droplets are where
-- Paperspace's GPU fleet went after DigitalOcean bought Paperspace (2023): the seeded `paperspace`
-- row is updated below to say so, and is left without an adapter.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'digitalocean',
    'DigitalOcean',
    'DigitalOcean',
    'regional_cloud',
    'standard',
    'USA',
    'https://www.digitalocean.com',
    'https://www.digitalocean.com/pricing/gpu-droplets',
    'https://docs.digitalocean.com/reference/api/',
    'https://api.digitalocean.com/v2',
    'bearer_token',
    true,
    99.99, -- DigitalOcean's published monthly uptime SLA for Droplets
    true,  -- spot sizes ("-spot") in the sizes API and spot plans on the pricing page
    true,  -- 12-month reserved GPU plans on the pricing page (not read by the adapter)
    -- GPU regions seen in public size listings; the adapter reports the live list per size.
    ARRAY['nyc2', 'tor1', 'atl1', 'ams3'],
    'Developer cloud whose GPU Droplets (NVIDIA H100, H200, L40S, RTX 4000/6000 Ada and AMD Instinct MI300X/MI325X) carry on the former Paperspace fleet, priced per hour for the whole Droplet',
    ARRAY['Single-GPU and 8-GPU Droplets with simple hourly prices', 'NVIDIA and AMD Instinct options', 'Mature API, CLI and Terraform provider'],
    ARRAY['GPU capacity in few regions', 'Spot and reserved prices only for some sizes', 'Price list needs an account token'],
    ARRAY['Fine-tuning and inference', 'Startups already on DigitalOcean', 'Former Paperspace users']
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
    updated_at = NOW();

-- Paperspace (seeded in 0002): its GPU machines moved to DigitalOcean GPU Droplets; its own
-- pricing page is legacy. Only the description changes.
UPDATE cloudgpus.providers
SET description = 'Developer-friendly GPU cloud bought by DigitalOcean in 2023; its GPU fleet now runs as DigitalOcean GPU Droplets, whose prices are listed under DigitalOcean',
    updated_at = NOW()
WHERE slug = 'paperspace';

-- ovhcloud
-- OVHcloud (slug ovhcloud): not among the seeded slugs, so a full row.
-- Price source: GET https://eu.api.ovh.com/1.0/order/catalog/public/cloud?ovhSubsidiary=FR (no key; EUR, ex-VAT,
-- 1e-8 units). The account APIs need OVH application keys or OAuth2; the catalogue needs nothing.
-- sla_uptime_percent left NULL: no SLA figure for GPU instances was confirmed from a stored public source.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'ovhcloud', 'OVHcloud', 'OVHcloud', 'regional_cloud', 'enterprise', 'FRA',
    'https://www.ovhcloud.com', 'https://www.ovhcloud.com/en/public-cloud/prices/', 'https://help.ovhcloud.com/csm/en-public-cloud-compute-gpu',
    'https://eu.api.ovh.com/1.0', 'none', true, NULL, false, false,
    ARRAY['GRA', 'SBG', 'RBX', 'EU-WEST-PAR', 'DE', 'UK', 'WAW', 'BHS', 'SGP', 'SYD'],
    'European cloud operator running its own data centers; Public Cloud GPU instances (H100, H200, A100, L40S, L4, V100/V100S) billed by the hour or the month, prices in EUR excluding VAT',
    ARRAY['Own data centers in Europe and North America', 'Hourly or monthly billing per instance', 'Public price catalogue in a machine-readable API', 'No egress fees on Public Cloud instances'],
    ARRAY['No spot or preemptible GPU instances', 'GPU capacity per region is not published', 'Prices quoted in EUR ex-VAT'],
    ARRAY['EU data residency', 'Steady monthly GPU workloads', 'Inference on L4 and L40S']
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

-- cudo
-- Cudo Compute (slug cudo): not among the seeded slugs, so a full row.
-- Price source: GET https://rest.compute.cudo.org/v1/vms/machine-types and /v1/vms/gpu-models (answer without a key;
-- a key is sent as a Bearer token when CUDO_API_KEY is set). Component prices in USD per hour.
-- sla_uptime_percent left NULL: no published SLA figure confirmed.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'cudo', 'Cudo Compute', 'Cudo Compute', 'specialized_neocloud', 'standard', 'GBR',
    'https://www.cudocompute.com', 'https://www.cudocompute.com/pricing', 'https://www.cudocompute.com/docs',
    'https://rest.compute.cudo.org/v1', 'bearer_token', true, NULL, false, true,
    ARRAY['no-kristiansand-1', 'no-luster-1', 'se-smedjebacken-1', 'us-carlsbad-1', 'us-dallas-1', 'us-newyork-1'],
    'GPU cloud on a network of partner data centers; VMs are sized per component (GPU, vCPU, GiB of memory, disk, IPv4), each priced by the hour, with discounts for 1- to 60-month commitments',
    ARRAY['Per-component pricing: pay only for the vCPUs and memory chosen', 'Commitment discounts from 1 to 60 months', 'Live free-GPU counts per data center in the public API'],
    ARRAY['VM price depends on the chosen configuration', 'Capacity spread over many small data centers', 'Access to some capacity by request'],
    ARRAY['Cost-tuned single-GPU VMs', 'Committed inference capacity', 'Renewable-powered workloads']
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

-- cloudrift
-- CloudRift (slug cloudrift): not among the seeded slugs, so a full row.
-- Price source: POST https://api.cloudrift.ai/api/v1/instance-types/list (answers without a key; account calls take
-- the X-API-Key header). Prices in US cents per hour for the whole variant.
-- sla_uptime_percent left NULL: no published SLA.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'cloudrift', 'CloudRift', 'CloudRift', 'marketplace', 'standard', 'USA',
    'https://www.cloudrift.ai', 'https://www.cloudrift.ai/pricing', 'https://docs.cloudrift.ai',
    'https://api.cloudrift.ai/api/v1', 'api_key', true, NULL, false, false,
    ARRAY['us-east-nc-nr-1', 'ustx1a_a01', 'usny01_a01', 'eu-central-it-gv-1', 'ap_northeast_kr_se_1', 'ap-east-tw-kn-2'],
    'GPU rental platform placing VMs and containers on partner data centers; RTX 4090/5090, RTX PRO 6000 and AMD Instinct nodes rented whole or by the GPU, billed per second',
    ARRAY['Consumer and workstation GPUs at low hourly prices', 'Per-second billing, no egress charges', 'Public catalogue with free-node counts per data center'],
    ARRAY['Small fleet: popular GPUs often have no free node', 'No spot or reserved pricing in the catalogue', 'Host features vary by partner data center'],
    ARRAY['Inference and fine-tuning on RTX-class GPUs', 'Short experiments', 'Budget GPU development']
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

-- tensordock
-- TensorDock: the seeded row (migrations/0002_seed_data.sql) stays; the adapter reads the keyed v2
-- API (Bearer token), not the retired v0 marketplace endpoint the row points at.
UPDATE cloudgpus.providers
SET api_base_url = 'https://dashboard.tensordock.com/api/v2',
    api_auth_type = 'bearer_token',
    docs_url = 'https://dashboard.tensordock.com/api/docs',
    api_rate_limit_rpm = 100,
    updated_at = NOW()
WHERE slug = 'tensordock';

-- hyperstack
-- Hyperstack (NexGen Cloud): the seeded row (migrations/0002_seed_data.sql) stays; only what the
-- adapter's research corrects. Spot VMs are sold ("-spot" flavors and pricebook rows, the "Spot VM
-- Pricing" table of hyperstack.cloud/gpu-pricing); reservations too (its "Reservation Pricing"
-- table). Regions as the flavors API names them. The price page lives at /gpu-pricing.
UPDATE cloudgpus.providers
SET website_url = 'https://www.hyperstack.cloud',
    pricing_url = 'https://www.hyperstack.cloud/gpu-pricing',
    docs_url = 'https://docs.hyperstack.cloud/docs/api-reference',
    api_base_url = 'https://infrahub-api.nexgencloud.com/v1',
    api_auth_type = 'api_key',
    supports_spot_instances = true,
    supports_reserved_instances = true,
    available_regions = ARRAY['CANADA-1', 'NORWAY-1', 'US-1'],
    updated_at = NOW()
WHERE slug = 'hyperstack';

-- jarvislabs
-- JarvisLabs (jarvislabs.ai): GPU cloud run from India, with data centres in India (Noida, Chennai)
-- and Finland (europe-01). Per-GPU hourly prices, spot for GPU containers, 1/3/6/12-month
-- reservations through sales, per-minute billing (docs.jarvislabs.ai FAQ). No published SLA.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country,
    website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent,
    supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'jarvislabs', 'JarvisLabs', 'Jarvis Labs', 'specialized_neocloud', 'standard', 'IND',
    'https://jarvislabs.ai', 'https://jarvislabs.ai/pricing', 'https://docs.jarvislabs.ai',
    'https://backendn.jarvislabs.net', 'bearer_token', true, NULL,
    true, true, ARRAY['india-noida-01', 'india-chennai-01', 'europe-01'],
    'GPU cloud from India offering H200, H100, RTX PRO 6000, A100 and L4 as VMs or containers, billed per minute',
    ARRAY['Simple per-GPU pricing, linear up to 8 GPUs', 'Per-minute billing', 'Spot containers at about half price', 'Official CLI and Python SDK'],
    ARRAY['Few regions', 'Spot only for containers, not VMs', 'Europe limited to single-GPU H100/H200 instances', 'Accounts billed in India are charged in INR'],
    ARRAY['Fine-tuning and experiments', 'Single-GPU development', 'Budget H100/H200 access']
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
    updated_at = NOW();

-- io-net
-- io.net already has a seeded row (migrations/0002_seed_data.sql); only what the adapter's research
-- can improve: the public IO Cloud API origin the adapter reads, and the docs' current address.
UPDATE cloudgpus.providers
SET api_base_url = 'https://api.io.solutions',
    docs_url = 'https://io.net/docs',
    updated_at = NOW()
WHERE slug = 'io-net';

-- akash
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'akash', 'Akash Network', 'Akash', 'depin', 'community', 'USA',
    'https://akash.network', 'https://akash.network/pricing/gpus/', 'https://akash.network/docs/',
    'https://console-api.akash.network', 'none', true, NULL, false, false, NULL,
    'Open-source decentralized compute marketplace: independent providers bid on each container deployment, and the lowest bids set the price',
    ARRAY['Reverse auction keeps GPU prices low', 'Public price and capacity data', 'Open-source, permissionless network'],
    ARRAY['Prices are providers'' bids, not list prices', 'Provider quality and stock vary', 'Container deployments only, no VMs'],
    ARRAY['Containerized inference', 'Cost-sensitive batch jobs', 'Web3-native teams']
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
    updated_at = NOW();

-- clore-ai
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'clore-ai', 'Clore.ai', 'Clore.ai', 'depin', 'community', NULL,
    'https://clore.ai', 'https://clore.ai/marketplace', 'https://docs.clore.ai',
    'https://api.clore.ai/v1', 'header_key', true, NULL, true, false, NULL,
    'Peer-to-peer GPU rental marketplace on its own blockchain: hosts set a daily on-demand price, spot renters bid above a minimum, payment in bitcoin, CLORE or USD',
    ARRAY['Very low consumer-GPU prices', 'Spot market with bidding', 'Large RTX 30/40-series supply'],
    ARRAY['Hosts price per day, with a minimum rental length', 'Host reliability varies', 'Crypto-first payments'],
    ARRAY['Budget inference and rendering', 'Interruptible batch jobs', 'Consumer-GPU workloads']
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
    updated_at = NOW();

-- voltage-park
-- Voltage Park: the seeded row (migrations/0002_seed_data.sql) stays; only what the adapter's sources
-- correct. The adapter reads two listings of the On-Demand API (cloud-api.voltagepark.com/api/v1,
-- the platform TensorDock built, acquired by Voltage Park in 2025): /bare-metal/locations (per-GPU
-- rates for 8-GPU H100 nodes, $1.99 Ethernet and $2.49 InfiniBand when recorded) and
-- /instant-deploy-presets/ (H100 VMs of 1 to 8 GPUs at $1.99 per GPU-hour). Both answer without a
-- key; a Bearer token is sent when VOLTAGE_PARK_API_KEY is set. No spot price is published (the VM
-- type enum names spot, but no listing prices it); long-term reservation is contact-only. The
-- seeded 99.9 % SLA was not found in any public material read here, so it is cleared. Region codes
-- are opaque location UUIDs, so available_regions stays unset.
UPDATE cloudgpus.providers
SET website_url = 'https://www.voltagepark.com',
    pricing_url = 'https://www.voltagepark.com/pricing',
    api_base_url = 'https://cloud-api.voltagepark.com/api/v1',
    api_auth_type = 'bearer_token',
    has_public_api = true,
    sla_uptime_percent = NULL,
    supports_spot_instances = false,
    supports_reserved_instances = true,
    supports_bare_metal = true,
    description = 'US GPU cloud renting NVIDIA H100 SXM capacity by the hour: whole 8-GPU bare-metal nodes on Ethernet or 3.2 Tb/s InfiniBand, and instant VMs of 1 to 8 GPUs; it runs the on-demand platform it acquired with TensorDock and has merged with Lightning AI',
    pros = ARRAY['Low published H100 SXM rates ($1.99/GPU-h)', 'InfiniBand bare-metal nodes billed by the hour', 'Single-GPU H100 VMs', 'Listings and prices readable without an account'],
    cons = ARRAY['H100 and H200 only', 'Bare metal only in whole 8-GPU nodes', 'Frequently sold out (no free GPUs when recorded)'],
    best_for = ARRAY['Distributed training', 'Price-sensitive H100 workloads', 'ML researchers'],
    updated_at = NOW()
WHERE slug = 'voltage-park';

-- hot-aisle
-- Hot Aisle: AMD Instinct cloud (MI300X VMs and 8x MI300X bare metal; MI355X announced). Facts from
-- hotaisle.xyz/pricing (VMs $2.99 per GPU-hour for new customers, billed by the minute, existing
-- customers at $1.99; 8x bare metal $3.39 per GPU-hour with a one-month minimum) and its API
-- reference (hotaisle/hotaisle-cli swagger.json: admin.hotaisle.app/api, "Authorization: Token
-- <key>", prices in US cents per hour). One site, which the API does not name, so no region codes.
-- No SLA figure found. Founded 2023 (the site's structured data), Hot Aisle Inc.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'hot-aisle', 'Hot Aisle', 'Hot Aisle', 'specialized_neocloud', 'standard', 'USA',
    'https://hotaisle.xyz', 'https://hotaisle.xyz/pricing', 'https://admin.hotaisle.app/api/docs',
    'https://admin.hotaisle.app/api', 'api_key', true, NULL, false, true, NULL,
    'Developer-first AMD GPU cloud: isolated MI300X virtual machines of 1, 2 or 4 GPUs billed by the minute, and dedicated 8x MI300X bare-metal servers on monthly terms, provisioned through a terminal UI, CLI or API',
    ARRAY['AMD MI300X with 192 GB HBM3 per GPU', 'Single-GPU VMs billed by the minute', 'Self-service API and CLI, no sales call'],
    ARRAY['AMD GPUs only (ROCm, not CUDA)', 'Bare metal needs a one-month minimum', 'One data center'],
    ARRAY['Large-model inference needing much GPU memory', 'ROCm development and porting', 'AMD benchmarking']
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
    updated_at = NOW();

-- latitude-sh
-- Latitude.sh: the seeded row (migrations/0002_seed_data.sql) stays; only what the adapter's sources
-- correct. The adapter reads the JSON:API (api.latitude.sh, Bearer key): /plans?filter[gpu]=true
-- for bare-metal GPU servers and /plans/virtual_machines?filter[gpu]=true for GPU VMs, each priced
-- per region in USD (and BRL) per hour, month and year. The yearly price is a one-year commitment
-- (about 65 % below hourly; the monthly one about 50 % below), hence reserved instances. No spot.
-- Site codes as the API names them in locations.available (recorded 2026-08-22 on latitude.sh's
-- pricing data). The seeded 99.5 % SLA was not found in any public material read here, so it is
-- cleared.
UPDATE cloudgpus.providers
SET website_url = 'https://www.latitude.sh',
    pricing_url = 'https://www.latitude.sh/pricing',
    api_base_url = 'https://api.latitude.sh',
    api_auth_type = 'bearer_token',
    has_public_api = true,
    sla_uptime_percent = NULL,
    supports_spot_instances = false,
    supports_reserved_instances = true,
    supports_bare_metal = true,
    available_regions = ARRAY['ASH', 'ASH2', 'CHI', 'DAL', 'LAX', 'LAX2', 'MIA2', 'NYC', 'SJC2', 'TOR', 'MEX2', 'BGT', 'SAO', 'SAO2', 'SAN3', 'BUE', 'LON', 'LON2', 'FRA', 'FRA2', 'AMS', 'SGP', 'TYO3', 'TYO4', 'SYD', 'SYD2'],
    description = 'Bare-metal cloud founded in Brazil with sites across the Americas, Europe, Asia and Australia; sells GPU servers (H100, RTX PRO 6000, HGX B300) and GPU VMs priced per region by the hour, the month or the year',
    pros = ARRAY['True bare metal', 'Sites on five continents, strong in Latin America', 'Monthly and yearly terms far below the hourly price', 'Documented JSON:API with official SDKs'],
    cons = ARRAY['Few GPU models', 'GPU servers often out of stock', 'Prices differ by region'],
    best_for = ARRAY['Bare metal enthusiasts', 'Latin American deployments', 'Long-running GPU servers on a monthly or yearly term'],
    updated_at = NOW()
WHERE slug = 'latitude-sh';

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('linode', 'P1', 6, 3, 'scrape'),
        ('digitalocean', 'P1', 6, 5, 'scrape'),
        ('ovhcloud', 'P1', 6, 1, 'scrape'),
        ('cudo', 'P1', 6, 3, 'scrape'),
        ('cloudrift', 'P1', 6, 5, 'scrape'),
        ('tensordock', 'P1', 6, 1, 'scrape'),
        ('hyperstack', 'P1', 6, 3, 'scrape'),
        ('jarvislabs', 'P1', 6, 5, 'scrape'),
        ('io-net', 'P2', 8, 1, 'scrape'),
        ('akash', 'P2', 8, 3, 'scrape'),
        ('clore-ai', 'P2', 8, 5, 'scrape'),
        ('voltage-park', 'P0', 4, 1, 'scrape'),
        ('hot-aisle', 'P1', 6, 1, 'scrape'),
        ('latitude-sh', 'P1', 6, 3, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO UPDATE SET
    priority = EXCLUDED.priority,
    interval_hours = EXCLUDED.interval_hours,
    offset_hours = EXCLUDED.offset_hours,
    queue = EXCLUDED.queue;
