import pg from "pg";

/** A node-postgres client that counts its round trips (`counter.roundTrips`), for benchmarks. */
export function countingClient(url: string) {
  const client = new pg.Client({ connectionString: url });
  const counter = { roundTrips: 0 };
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    counter.roundTrips++;
    return query(...args);
  };
  return { client, counter };
}
