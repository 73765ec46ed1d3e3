-- Provider rows and scrape schedules for the Azure and Oracle Cloud adapters (provider coverage I). Facts come from
-- the providers' public pages and API documentation; rows already seeded are only corrected.
-- Schedules follow docs/design.md §3 (P0 every 4 h, P1 every 6 h, P2 every 8 h), staggered.

-- azure
-- Microsoft Azure: the seeded row (migrations/0002_seed_data.sql) stays; only what the adapter's
-- source corrects. Prices come from the public Retail Prices API (no key, no Azure account): the
-- seeded api_base_url/api_auth_type named the management API and OAuth2, which the adapter does
-- not use. Spot meters and 1- and 3-year reservations are in that API. The SLA figure stays as
-- seeded (99.99 is Microsoft's figure for VMs spread over availability zones).
UPDATE cloudgpus.providers
SET docs_url = 'https://learn.microsoft.com/azure/virtual-machines/sizes/overview',
    api_base_url = 'https://prices.azure.com/api/retail/prices',
    api_auth_type = 'none',
    has_public_api = true,
    supports_spot_instances = true,
    supports_reserved_instances = true,
    description = 'Microsoft''s cloud; GPU virtual machines (ND H100 v5, ND H200 v5, ND MI300X v5, ND A100 v4, NC A100 v4, NCads H100 v5, NVads A10 v5, NCasT4 v3) priced per region and per hour for the whole VM, with Spot prices and 1- and 3-year reservations',
    pros = ARRAY['Public price API covering every region, no account needed', 'Spot VMs and 1- or 3-year reservations on most GPU sizes', 'Many regions worldwide', 'Enterprise compliance and support'],
    cons = ARRAY['Prices differ from region to region', 'GPU quota must be requested before first use', 'Some sizes sell only a share of a GPU (NVads A10 v5)'],
    best_for = ARRAY['Enterprise', 'Teams already on Azure', 'Long-running training on reserved capacity'],
    updated_at = NOW()
WHERE slug = 'azure';

-- oci
-- Oracle Cloud Infrastructure (slug oci): not among the seeded slugs, so a full row; re-running
-- updates it. Price source: the public price list (GET https://apexapps.oracle.com/pls/apex/cetools/api/v1/products/?currencyCode=USD)
-- joined by part number to the shapes of Oracle's cost estimator
-- (https://www.oracle.com/a/ocom/docs/cloudestimator2/data/shapes.json); neither needs a key.
-- sla_uptime_percent NULL: no GPU compute SLA figure was confirmed from a stored public source.
-- supports_reserved_instances false: the price list carries no reserved rate; discounts come from
-- account-level commitments. Preemptible capacity is billed at 50 % of on-demand.
-- available_regions: Oracle's commercial (OC1) regions as its region list names them; which of
-- them hold which GPU shape is not published, and the adapter claims none per offer.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'oci',
    'Oracle Cloud Infrastructure',
    'Oracle Cloud',
    'hyperscaler',
    'enterprise',
    'USA',
    'https://www.oracle.com/cloud/',
    'https://www.oracle.com/cloud/price-list/',
    'https://docs.oracle.com/en-us/iaas/Content/Compute/References/computeshapes.htm',
    'https://apexapps.oracle.com/pls/apex/cetools/api/v1',
    'none',
    true,
    NULL,
    true,
    false,
    ARRAY['us-ashburn-1', 'us-chicago-1', 'us-phoenix-1', 'us-sanjose-1', 'ca-montreal-1', 'ca-toronto-1', 'mx-monterrey-1', 'mx-queretaro-1', 'sa-bogota-1', 'sa-santiago-1', 'sa-saopaulo-1', 'sa-valparaiso-1', 'sa-vinhedo-1', 'uk-cardiff-1', 'uk-london-1', 'eu-amsterdam-1', 'eu-frankfurt-1', 'eu-madrid-1', 'eu-madrid-3', 'eu-marseille-1', 'eu-milan-1', 'eu-paris-1', 'eu-stockholm-1', 'eu-turin-1', 'eu-zurich-1', 'il-jerusalem-1', 'me-abudhabi-1', 'me-dubai-1', 'me-jeddah-1', 'me-riyadh-1', 'af-casablanca-1', 'af-johannesburg-1', 'ap-batam-1', 'ap-chuncheon-1', 'ap-hyderabad-1', 'ap-kulai-2', 'ap-melbourne-1', 'ap-mumbai-1', 'ap-osaka-1', 'ap-seoul-1', 'ap-singapore-1', 'ap-singapore-2', 'ap-sydney-1', 'ap-tokyo-1'],
    'Oracle''s cloud, selling bare-metal GPU servers (H100, H200, B200, B300, GB200 and GB300 NVL72, A100, L40S, AMD MI300X and MI355X) and GPU VMs (A10, V100) at one per-GPU-hour list price in every commercial region',
    ARRAY['One list price in every commercial region', 'Public price list and shape catalogue, no account needed', 'Bare-metal 8-GPU servers with RDMA cluster networking', 'Preemptible VMs at half the on-demand price'],
    ARRAY['Which regions have which GPU shape is not published', 'Most GPU shapes are bare metal only, 4 or 8 GPUs at a time', 'GPU capacity usually needs a sales request or a limit increase'],
    ARRAY['Large training clusters', 'Enterprises already on Oracle Cloud', 'AMD Instinct workloads']
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

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('azure', 'P0', 4, 1, 'scrape'),
        ('oci', 'P0', 4, 3, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO UPDATE SET
    priority = EXCLUDED.priority,
    interval_hours = EXCLUDED.interval_hours,
    offset_hours = EXCLUDED.offset_hours,
    queue = EXCLUDED.queue;
