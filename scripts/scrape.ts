// `npm run scrape -- --provider <slug> [--replay <recording.json>] [--json] [--store]`
//
// Runs one provider's adapter and the pipeline's normalisation and validation, outside the Worker.
// --replay answers the adapter's requests from a recording (no network, no credentials: keyed
// adapters get a placeholder); without it the provider is asked live. --json prints the offers the
// pipeline would store as one JSON array on stdout (unmapped GPUs with "gpu_model": null). --store
// writes them through the same validation and storage into DATABASE_URL (or the embedded database).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { eq } from "drizzle-orm";
import pg from "pg";
import { FALLBACK_FX_RATES } from "../shared/fx";
import { loadFxRates } from "../workers/db/fx";
import * as schema from "../workers/db/schema";
import { collectOffers, prepareOffers, type PreparedScrape } from "../workers/ingest/scrape";
import { offerJson } from "../workers/ingest/normalise";
import { loadProviderState, storeScrape, type ProviderState } from "../workers/ingest/store";
import { ADAPTERS, adapterFor, baseUrlFor, credentialFor } from "../workers/providers";
import { ProviderError } from "../workers/providers/http";
import { recordedBaseUrl, recordingSchema, replayFetch } from "../workers/providers/replay";
import { openProjectDatabase, redact } from "./lib/project-database";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    replay: { type: "string" },
    json: { type: "boolean", default: false },
    store: { type: "boolean", default: false },
  },
  strict: true,
});

const say = (line: string) => process.stderr.write(`${line}\n`);
const progress = (line: string) => process.stderr.isTTY && say(`… ${line}`);

function usage(problem: string): never {
  say(`${problem}\nusage: npm run scrape -- --provider <slug> [--replay <recording.json>] [--json] [--store]`);
  say(`providers: ${Object.keys(ADAPTERS).sort().join(", ")}`);
  process.exit(2);
}

const slug = values.provider ?? usage("--provider is required");
const adapter = adapterFor(slug) ?? usage(`no adapter for provider "${slug}"`);
const now = new Date();

let fetcher: typeof fetch = fetch;
let baseUrl = baseUrlFor(adapter, process.env);
let credential = credentialFor(adapter, process.env);
if (values.replay) {
  const recording = recordingSchema.parse(JSON.parse(await readFile(values.replay, "utf8")));
  if (recording.provider !== slug) usage(`the recording is for "${recording.provider}", not "${slug}"`);
  fetcher = replayFetch(recording);
  baseUrl = recordedBaseUrl(recording, adapter.baseUrl.default);
  credential = adapter.credential ? "replay-placeholder-key" : null;
  progress(`replaying ${values.replay} (${recording.origin}, ${recording.exchanges.length} exchanges)`);
} else if (adapter.credential?.required && !credential) {
  usage(`${adapter.credential.secret} is not set; ${slug} needs it for a live scrape`);
} else {
  progress(`asking ${baseUrl} live`);
}

let collected;
try {
  collected = await collectOffers(adapter, { fetch: fetcher, baseUrl, credential, now });
} catch (error) {
  if (error instanceof ProviderError) {
    say(`scrape failed: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
progress(`${collected.offers.length} offers, ${collected.skipped.length} unreadable records`);

const emptyState: ProviderState = { stored: new Map(), quarantined: new Map() };
let prepared: PreparedScrape;
if (values.store) {
  const database = await openProjectDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const db = drizzle(client, { schema });
    const [provider] = await db.select({ id: schema.providers.id }).from(schema.providers).where(eq(schema.providers.slug, slug));
    if (!provider) usage(`provider "${slug}" is not in ${redact(database.url)}; run npm run db:migrate`);
    const [rates, state] = await Promise.all([loadFxRates(db), loadProviderState(db, provider.id)]);
    prepared = prepareOffers(slug, collected, { rates, state, now });
    const stored = await storeScrape(
      db,
      {
        providerId: provider.id,
        scraperVersion: adapter.version,
        workerId: "cli",
        startedAt: now,
        completedAt: new Date(),
        attempt: 1,
        exchanges: collected.exchanges,
        offersFound: collected.offers.length,
        dispatch: null,
      },
      prepared,
      state,
    );
    say(
      `stored into ${redact(database.url)}: ${stored.created} created, ${stored.updated} updated, ${stored.deactivated} deactivated, ` +
        `${prepared.issues.length} not published (scrape job ${stored.scrapeJobId})`,
    );
  } finally {
    await client.end();
    await database.stop();
  }
} else {
  prepared = prepareOffers(slug, collected, { rates: FALLBACK_FX_RATES, state: emptyState, now });
}

const unmapped = prepared.normalised.filter((offer) => offer.gpuModel === null && offer.pricePerHour !== null);
const printable = [...prepared.accepted, ...unmapped].map(offerJson);
const notPublished = prepared.issues.filter((issue) => issue.kind !== "unmapped");
if (values.json) {
  process.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
} else {
  for (const offer of printable) {
    say(`${offer.instance_type.padEnd(48)} ${String(offer.gpu_model ?? "UNMAPPED").padEnd(16)} x${offer.gpu_count}  $${offer.price_per_gpu_hour.toFixed(4)}/GPU-h  ${offer.availability_status}`);
  }
}
say(`${prepared.accepted.length} publishable, ${unmapped.length} unmapped GPUs, ${notPublished.length} rejected/quarantined/unreadable`);
for (const issue of notPublished.slice(0, 20)) say(`  ${issue.kind} ${issue.code} ${issue.instanceType ?? ""}: ${issue.message}`);
