-- Provider rows and scrape schedules of the two aggregators read as fallbacks (Shadeform, Prime
-- Intellect). Their offers are stored under these rows, tagged with the cloud that runs each one,
-- and an offer of a cloud with a first-party adapter is left out (docs/design.md §15). Facts come
-- from the aggregators' public sites and API documentation. Aggregators are P2: every 8 hours.

-- shadeform
-- Shadeform: not among the seeded slugs, so a full row. Keyed API (header X-API-KEY,
-- https://api.shadeform.ai/v1, docs.shadeform.ai). Its FAQ says it charges the clouds' own rates
-- with no fee on top. No spot or reserved prices in the instance-types listing; regions are the
-- clouds' own, so none are listed here.
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'shadeform', 'Shadeform', 'Shadeform', 'marketplace', 'standard', 'USA',
    'https://www.shadeform.ai', 'https://platform.shadeform.ai', 'https://docs.shadeform.ai',
    'https://api.shadeform.ai/v1', 'api_key', true, NULL, false, false, NULL,
    'GPU marketplace that launches instances in many underlying clouds (Lambda, Nebius, Hyperstack, Massed Compute, Denvr and others) through one API and console, billed by Shadeform at the clouds'' own rates; CloudGPUs lists only the clouds it has no first-party source for',
    ARRAY['One API and console across many clouds', 'Billed at the clouds'' own rates, no fee on top', 'Live per-region availability'],
    ARRAY['A reseller: support and capacity depend on the underlying cloud', 'API key needed even to list prices', 'No spot or reserved prices in the listing'],
    ARRAY['Finding capacity across many clouds at once', 'Teams that want one bill for several GPU clouds']
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

-- prime-intellect
-- Prime Intellect: not among the seeded slugs, so a full row. Keyed API (Bearer key with
-- Availability -> Read, https://api.primeintellect.ai, docs.primeintellect.ai). Its availability
-- listing carries spot items beside on-demand ones and prepaid terms (left out: not hourly rates).
INSERT INTO cloudgpus.providers (slug, name, display_name, provider_type, reliability_tier, headquarters_country, website_url, pricing_url, docs_url, api_base_url, api_auth_type, has_public_api, sla_uptime_percent, supports_spot_instances, supports_reserved_instances, available_regions, description, pros, cons, best_for)
VALUES (
    'prime-intellect', 'Prime Intellect', 'Prime Intellect', 'marketplace', 'standard', 'USA',
    'https://www.primeintellect.ai', 'https://app.primeintellect.ai', 'https://docs.primeintellect.ai',
    'https://api.primeintellect.ai', 'api_key', true, NULL, true, false, NULL,
    'GPU compute marketplace that rents pods and multi-node clusters from many clouds and data centres (RunPod, Crusoe, Lambda, Hyperstack and its own partners) through one console, CLI and API; CloudGPUs lists only the clouds it has no first-party source for',
    ARRAY['Many clouds and data centres in one listing', 'Spot and community-cloud options beside on-demand', 'Official CLI and API for automation'],
    ARRAY['A reseller: support and capacity depend on the underlying cloud', 'API key needed even to list prices', 'Listing reported to come back empty now and then'],
    ARRAY['Finding the cheapest single GPUs across clouds', 'Research teams running distributed training on rented clusters']
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

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('shadeform', 'P2', 8, 2, 'scrape'),
        ('prime-intellect', 'P2', 8, 5, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO UPDATE SET
    priority = EXCLUDED.priority,
    interval_hours = EXCLUDED.interval_hours,
    offset_hours = EXCLUDED.offset_hours,
    queue = EXCLUDED.queue;
