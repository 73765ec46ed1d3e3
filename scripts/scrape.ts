// `npm run scrape -- --provider <slug> [--replay <recording.json>] [--browser] [--json] [--store]`, or `-- --list`
//
// Runs one provider's adapter and the pipeline's normalisation and validation, outside the Worker.
// --replay answers the adapter's requests from a recording (no network, no credentials: keyed
// adapters get a placeholder); without it the provider is asked live. --json prints the offers the
// pipeline would store as one JSON array on stdout (unmapped GPUs with "gpu_model": null). --store
// writes them through the same validation and storage into DATABASE_URL (or the embedded database).
// --browser reads a pricing page (html adapter) in Debian's chromium with JavaScript on, as the
// browser-scrape queue would; browser adapters always are. --list prints every adapter, one per
// line: slug, source class, method, credential, fixture origin (tab-separated). --announce <url>
// (with --store) tells that running Worker about the stored scrape (POST /admin/providers/<slug>/
// stored, with ADMIN_TOKEN from the environment), as it tells itself after storing one: new data
// versions for the provider's pages, and its offers matched against subscribers' alerts.
import { parseArgs } from "node:util";
import { offerJson } from "../workers/ingest/normalise";
import { ADAPTERS, adapterFor, baseUrlFor, credentialFor } from "../workers/providers";
import type { PageReader } from "../workers/providers/browser";
import { ProviderError } from "../workers/providers/http";
import { listAdapters, listingLine } from "./lib/adapter-list";
import { chromiumPages, chromiumPath } from "./lib/browser-replay";
import { openProjectDatabase, redact } from "./lib/project-database";
import { replaySource, runScrape, type ScrapeRun } from "./lib/replay";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    replay: { type: "string" },
    json: { type: "boolean", default: false },
    store: { type: "boolean", default: false },
    list: { type: "boolean", default: false },
    browser: { type: "boolean", default: false },
    announce: { type: "string" },
  },
  strict: true,
});

const say = (line: string) => process.stderr.write(`${line}\n`);
const progress = (line: string) => process.stderr.isTTY && say(`… ${line}`);

function usage(problem: string): never {
  say(
    `${problem}\nusage: npm run scrape -- --provider <slug> [--replay <recording.json>] [--browser] [--json] [--store [--announce <worker url>]] | --list`,
  );
  say(`providers: ${Object.keys(ADAPTERS).sort().join(", ")}`);
  process.exit(2);
}

if (values.list) {
  for (const listing of await listAdapters(Object.values(ADAPTERS))) process.stdout.write(`${listingLine(listing)}\n`);
  process.exit(0);
}

const slug = values.provider ?? usage("--provider is required");
if (values.announce && !values.store) usage("--announce needs --store");
if (values.announce && !process.env.ADMIN_TOKEN) usage("--announce needs ADMIN_TOKEN, the Worker's admin token");
const adapter = adapterFor(slug) ?? usage(`no adapter for provider "${slug}"`);

let source: { fetch: typeof fetch; baseUrl: string; credential: string | null; pages?: PageReader };
let closeBrowser = async () => {};
if (values.replay) {
  const replay = await replaySource(adapter, values.replay, { browser: values.browser }).catch((error: Error) =>
    usage(error.message),
  );
  source = replay;
  closeBrowser = replay.close;
  progress(`replaying ${values.replay} (${replay.recording.origin}, ${replay.recording.exchanges.length} exchanges)`);
} else {
  source = { fetch, baseUrl: baseUrlFor(adapter, process.env), credential: credentialFor(adapter, process.env) };
  if (adapter.credential?.required && !source.credential)
    usage(`${adapter.credential.secret} is not set; ${slug} needs it for a live scrape`);
  if (adapter.method === "browser" || (values.browser && adapter.method === "html")) {
    const executable = chromiumPath() ?? usage(`${slug} is read in a browser: install chromium or set CHROMIUM_PATH`);
    const pages = await chromiumPages(executable, null);
    source.pages = pages;
    closeBrowser = pages.close;
  }
  progress(`asking ${source.baseUrl} live`);
}

const database = values.store ? await openProjectDatabase() : null;
let run: ScrapeRun;
try {
  run = await runScrape(adapter, source, { databaseUrl: database?.url });
} catch (error) {
  if (error instanceof ProviderError) {
    say(`scrape failed: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
} finally {
  await closeBrowser();
  await database?.stop();
}

const { collected, prepared, stored } = run;
progress(`${collected.offers.length} offers, ${collected.skipped.length} unreadable records`);
if (stored && database) {
  say(
    `stored into ${redact(database.url)}: ${stored.created} created, ${stored.updated} updated, ${stored.deactivated} deactivated, ` +
      `${prepared.issues.length} not published (scrape job ${stored.scrapeJobId})`,
  );
}
if (stored && values.announce) {
  const announced = await fetch(new URL(`/admin/providers/${slug}/stored`, values.announce), {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ scrape_job_id: stored.scrapeJobId }),
  });
  if (announced.status !== 202) {
    say(`announcing the scrape to ${values.announce} failed: HTTP ${announced.status} ${await announced.text()}`);
    process.exit(1);
  }
  say(`announced to ${values.announce}`);
}
const unmapped = prepared.normalised.filter((offer) => offer.gpuModel === null && offer.pricePerHour !== null);
const printable = [...prepared.accepted, ...unmapped].map(offerJson);
const notPublished = prepared.issues.filter((issue) => issue.kind !== "unmapped");
if (values.json) {
  process.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
} else {
  for (const offer of printable) {
    say(
      `${offer.instance_type.padEnd(48)} ${String(offer.gpu_model ?? "UNMAPPED").padEnd(16)} x${offer.gpu_count}  $${offer.price_per_gpu_hour.toFixed(4)}/GPU-h  ${offer.availability_status}`,
    );
  }
}
say(
  `${prepared.accepted.length} publishable, ${unmapped.length} unmapped GPUs, ${notPublished.length} rejected/quarantined/unreadable`,
);
for (const issue of notPublished.slice(0, 20))
  say(`  ${issue.kind} ${issue.code} ${issue.instanceType ?? ""}: ${issue.message}`);
