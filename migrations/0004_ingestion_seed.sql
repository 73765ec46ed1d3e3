-- Scrape schedules of the providers with an adapter (docs/design.md §3: P0 every 4 h,
-- P1 every 6 h, P2 every 8 h, staggered by hour offset), and the updated_at trigger for them.

DROP TRIGGER IF EXISTS update_scrape_schedules_timestamp ON cloudgpus.scrape_schedules;
CREATE TRIGGER update_scrape_schedules_timestamp
    BEFORE UPDATE ON cloudgpus.scrape_schedules
    FOR EACH ROW EXECUTE FUNCTION cloudgpus.update_timestamp();

INSERT INTO cloudgpus.scrape_schedules (provider_id, priority, interval_hours, offset_hours, queue)
SELECT p.id, s.priority, s.interval_hours, s.offset_hours, s.queue
FROM (
    VALUES
        ('lambda-labs', 'P0', 4, 0, 'scrape'),
        ('runpod',      'P1', 6, 0, 'scrape'),
        ('vultr',       'P1', 6, 1, 'scrape'),
        ('datacrunch',  'P1', 6, 4, 'scrape'),
        ('scaleway',    'P1', 6, 5, 'scrape'),
        ('vast-ai',     'P2', 8, 0, 'scrape')
) AS s(slug, priority, interval_hours, offset_hours, queue)
JOIN cloudgpus.providers p ON p.slug = s.slug
ON CONFLICT (provider_id) DO NOTHING;
