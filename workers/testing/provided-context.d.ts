// Values the global setup (workers/testing/global-setup.ts) hands to every test via `inject()`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test PostgreSQL (the Hyperdrive bindings point at it too). */
    databaseUrl: string;
    /** WebSocket→TCP proxy for the Neon driver, `host:port/path`. */
    neonWsProxy: string;
    /** Loopback server replaying every recording: `<url>/<provider>/<fixture>/<path>`. */
    fixtureServer: string;
    /** Base-URL and credential bindings pointing the Worker's adapters at the fixture server. */
    providerBindings: Record<string, string>;
    /** Databases that hang (stalling-database.ts): silent from the start, or after the login. */
    stallingDatabases: { atConnect: string; atQuery: string };
  }
}

export {};
