import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/**
 * Lets the local `BROWSER` binding (wrangler dev, the Worker tests) drive Debian's chromium.
 * Offline, miniflare cannot download the Chrome for Testing build it pins, and it has no option for
 * a system browser; it skips the download when that build's executable already exists. So the
 * executable it looks for becomes a two-line script that starts `chromium`. The pinned version is
 * read from miniflare itself, so a miniflare upgrade moves the script with it.
 */
export async function useSystemChromiumForBrowserBinding(chromium: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const source = await readFile(require.resolve("miniflare"), "utf8");
  const version = /BROWSER_VERSION = "([\d.]+)"/.exec(source)?.[1];
  if (!version)
    throw new Error("miniflare no longer names its BROWSER_VERSION: the local browser binding needs a look");
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const executable = join(cache, ".wrangler/chrome", `linux-${version}`, "chrome-linux64/chrome");
  await mkdir(dirname(executable), { recursive: true });
  await writeFile(executable, `#!/bin/sh\nexec "${chromium}" --no-sandbox --disable-gpu "$@"\n`, { mode: 0o755 });
  return executable;
}
