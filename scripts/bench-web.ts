// `npm run bench:web`: Lighthouse (npm `lighthouse`, Debian's chromium) against the local stack
// with every provider's recorded prices loaded: performance, accessibility, best practices and SEO
// scores, LCP, CLS and TBT, and bytes transferred, for the home page, a GPU page and a comparison,
// as a phone (Lighthouse's default, throttled) and a desktop would see them.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { freePort } from "./lib/free-port";
import { replayAllRecordings } from "./lib/replay";
import { startStack, waitUntilHealthy } from "./lib/stack";
import { printTable } from "./lib/table";

const PAGES = ["/", "/cloud-gpu/h100-sxm", "/compare/lambda-labs-vs-runpod"];

// A database and Worker state of its own, so the measurement neither depends on nor touches .data/.
const scratch = await mkdtemp(join(tmpdir(), "cloudgpus-bench-web-"));
await chmod(scratch, 0o755);
const stack = await startStack({
  port: String(await freePort()),
  persistTo: join(scratch, "state"),
  env: {
    ...process.env,
    DATABASE_URL: "",
    LOCAL_DB_DIR: join(scratch, "postgres"),
    LOCAL_DB_PORT: String(await freePort()),
  },
  stdio: "ignore",
  log: () => {},
});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});

try {
  await waitUntilHealthy(stack.url);
  await replayAllRecordings(stack.database.url, "bench");
  const rows: string[][] = [["page", "device", "perf", "a11y", "best pr.", "SEO", "LCP ms", "CLS", "TBT ms", "bytes"]];
  for (const path of PAGES) {
    await fetch(`${stack.url}${path}`); // warm the edge cache, as a visitor after the first would find it
    for (const device of ["mobile", "desktop"] as const) {
      const result = await lighthouse(`${stack.url}${path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        ...(device === "desktop"
          ? {
              formFactor: "desktop",
              screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
              throttlingMethod: "simulate",
            }
          : {}),
      });
      const lhr = result!.lhr;
      const score = (id: string) => String(Math.round((lhr.categories[id]?.score ?? 0) * 100));
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      rows.push([
        path,
        device,
        score("performance"),
        score("accessibility"),
        score("best-practices"),
        score("seo"),
        String(Math.round(audit("largest-contentful-paint"))),
        audit("cumulative-layout-shift").toFixed(3),
        String(Math.round(audit("total-blocking-time"))),
        String(Math.round(audit("total-byte-weight"))),
      ]);
      const failing = Object.values(lhr.audits).filter(
        (item) => item.score !== null && item.score < 0.9 && item.scoreDisplayMode === "binary",
      );
      if (failing.length)
        console.log(`${path} (${device}) audits to look at: ${failing.map((item) => item.id).join(", ")}`);
    }
  }
  console.log(`\nLighthouse against wrangler dev at ${stack.url}, with the edge cache warm\n`);
  printTable(rows, 2);
} finally {
  chrome.kill();
  await stack.stop();
  await rm(scratch, { recursive: true, force: true });
}
