-- update_provider_last_price_update() (docs/database.md §4), as first designed, sets the same value,
-- NOW(), once per changed instance row. A scrape that upserts 10 000 rows in one transaction then
-- rewrites the provider's row 10 000 times, and each rewrite walks the growing chain of row
-- versions: most of a large scrape's time. Skipping the write when the value is already NOW() (the
-- transaction's constant) keeps the seed's behaviour exactly and writes the row once.
CREATE OR REPLACE FUNCTION cloudgpus.update_provider_last_price_update()
RETURNS TRIGGER AS $$
BEGIN
    UPDATE cloudgpus.providers
    SET last_price_update = NOW()
    WHERE id = NEW.provider_id
      AND last_price_update IS DISTINCT FROM NOW();

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
