import pg from "pg";
import { migrateDatabase } from "./migrate";

/**
 * A migrated database of its own on the test server, for a Node-side test that writes rows other
 * test files read (seed providers' offers and scrape jobs): it cannot disturb them, nor they it.
 * Made anew on every call; `name` must be a plain identifier.
 */
export async function ownDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const url = new URL(serverUrl);
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  await migrateDatabase(url.href);
  return url.href;
}
