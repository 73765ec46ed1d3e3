-- Provider coverage II, first pages: CoreWeave, Nebius and Crusoe publish prices only on their
-- pricing pages (read as HTML, docs/design.md §16). Their rows are seeded
-- (migrations/0002_seed_data.sql); only what reading the pages corrected changes: the page each
-- adapter reads, and the spot prices CoreWeave and Nebius publish there. Schedules follow
-- docs/design.md §3 (P0 every 4 h, P1 every 6 h), staggered; a page is read over HTTP
-- ('scrape'), and moving a schedule to 'browser-scrape' reads the same page in a browser.

UPDATE cloudgpus.providers
SET pricing_url = 'https://www.coreweave.com/pricing',
    website_url = 'https://www.coreweave.com',
    supports_spot_instances = true,
    updated_at = NOW()
WHERE slug = 'coreweave';

UPDATE cloudgpus.providers
SET pricing_url = 'https://nebius.com/prices',
    supports_spot_instances = true,
    updated_at = NOW()
WHERE slug = 'nebius';

UPDATE cloudgpus.providers
SET pricing_url = 'https://crusoe.ai/cloud/pricing',
    updated_at = NOW()
WHERE slug = 'crusoe';

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('coreweave', 'P0', 4, 3, 'scrape'),
        ('nebius', 'P0', 4, 1, 'scrape'),
        ('crusoe', 'P1', 6, 3, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO UPDATE SET
    priority = EXCLUDED.priority,
    interval_hours = EXCLUDED.interval_hours,
    offset_hours = EXCLUDED.offset_hours,
    queue = EXCLUDED.queue;
