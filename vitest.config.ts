import { join } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

// `pg` inside workerd: the pool's CommonJS fallback resolves pg-cloudflare to its empty browser
// stub ("CloudflareSocket is not a constructor"), so point it at the real CJS build. Only root-level
// plugins are consulted for that fallback, hence here and not inside the project.
const PG_CJS: Record<string, string> = {
  "pg-cloudflare": join(import.meta.dirname, "node_modules/pg-cloudflare/dist/index.js"),
};
const pgCjsInWorkers = (): Plugin => ({
  name: "pg-cjs-in-workers",
  enforce: "pre",
  resolveId: (source) => PG_CJS[source],
});

export default defineConfig({
  plugins: [pgCjsInWorkers()],
  test: {
    globalSetup: ["./workers/testing/global-setup.ts"],
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            // Both Hyperdrive bindings reach the PostgreSQL started by the global setup, exactly
            // as `npm run dev` wires them for `wrangler dev`.
            for (const binding of ["HYPERDRIVE", "HYPERDRIVE_UNCACHED"]) {
              process.env[`CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_${binding}`] = inject("databaseUrl");
            }
            return { wrangler: { configPath: "./wrangler.toml" }, miniflare: { bindings: inject("providerBindings") } };
          }),
        ],
        test: {
          name: "workers",
          setupFiles: ["./workers/testing/fail-closed-network.ts"],
          // Real local queues deliver after their batch timeout (wrangler.toml, 5 s).
          testTimeout: 20_000,
          include: ["workers/**/*.test.{ts,tsx}", "shared/**/*.test.ts", "web/**/*.test.{ts,tsx}"],
          exclude: ["web/e2e/**"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["scripts/**/*.test.ts", "web/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
