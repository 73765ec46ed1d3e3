// The Fastify + pg server of `bench:load`, in a process of its own as `wrangler dev` is: in the
// benchmark's process it would share one event loop with the load generator. Started by
// `startFastifyInstances` (fastify-instances.ts).
//
// Protocol: `{ databaseUrl, poolSize, connectPerRequest }` as one JSON argument; once listening it prints one JSON line
// `{"url": "http://127.0.0.1:…"}` on stdout. SIGTERM, or stdin closing (the parent died), stops it.
import { gzip } from "node:zlib";
import { drizzle } from "drizzle-orm/node-postgres";
import Fastify from "fastify";
import pg from "pg";
import { instanceDocSchema } from "../../shared/api-schemas";
import { parseListQuery } from "../../shared/query-grammar";
import type { Database } from "../../workers/db/database";
import { INSTANCE_DEFAULT_SORT, INSTANCE_FIELDS, listInstances } from "../../workers/db/queries/instances";
import * as schema from "../../workers/db/schema";

const { databaseUrl, poolSize, connectPerRequest } = JSON.parse(process.argv[2] ?? "{}") as {
  databaseUrl: string;
  poolSize: number;
  connectPerRequest: boolean;
};
const SELECTABLE = Object.keys(instanceDocSchema.shape);

const gzipped = (body: string) =>
  new Promise<Buffer>((resolve, reject) => gzip(body, (error, result) => (error ? reject(error) : resolve(result))));

const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
const pooled: Database = drizzle(pool, { schema });
// What the Worker does under wrangler dev, where the local Hyperdrive binding is the database's own
// address: a new connection, authentication included, for every request that reaches the database.
async function withDb<T>(use: (db: Database) => Promise<T>): Promise<T> {
  if (!connectPerRequest) return use(pooled);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(drizzle(client, { schema }));
  } finally {
    await client.end();
  }
}
const app = Fastify({ logger: false });
app.get("/api/instances", async (request, reply) => {
  const search = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
  const parsed = parseListQuery(new URLSearchParams(search), INSTANCE_FIELDS, {
    defaultSort: INSTANCE_DEFAULT_SORT,
    selectable: SELECTABLE,
  });
  if (!parsed.ok) return reply.code(400).send({ errors: parsed.problems });
  if (parsed.query.format !== "json") return reply.code(400).send({ errors: ["only format=json is served here"] });
  const query = parsed.query;
  const page = await withDb((db) => listInstances(db, query));
  const fields = parsed.query.select;
  const body = JSON.stringify(
    fields
      ? {
          ...page,
          docs: page.docs.map((doc) =>
            Object.fromEntries(Object.entries(doc).filter(([key]) => key === "id" || fields.includes(key))),
          ),
        }
      : page,
  );
  reply.header("Content-Type", "application/json; charset=utf-8");
  if (!/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) return reply.send(body);
  reply.header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding");
  return reply.send(await gzipped(body));
});

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
const url = await app.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);
