// Values the global setup (workers/testing/global-setup.ts) hands to every test via `inject()`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test PostgreSQL (the Hyperdrive bindings point at it too). */
    databaseUrl: string;
    /** WebSocket→TCP proxy for the Neon driver, `host:port/path`. */
    neonWsProxy: string;
  }
}
export {};
