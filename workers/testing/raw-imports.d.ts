// Vite's `?raw` imports (tests read wrangler.toml this way; workerd has no file system).
declare module "*?raw" {
  const content: string;
  export default content;
}
