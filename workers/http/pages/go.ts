import type { Context } from "hono";
import { withDb } from "../../db/client";
import { providerRecord, recordAffiliateClick } from "../../db/queries/providers";
import { errorFields, log } from "../../log";
import { ApiError } from "../errors";
import type { AppEnv } from "../types";
import { slugParam } from "../validation";

/** Which of our pages a click came from: a path on our own site, or nothing. */
export function sourcePath(referer: string | undefined, siteHost: string): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.host === siteHost ? url.pathname.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/**
 * GET /go/:provider — records the click and redirects to the provider's affiliate link (or its
 * website). The destination only ever comes from our providers table: nothing in the request can
 * choose it, so this is no open redirect. Recorded: provider, our page, country, time; nothing else.
 */
export async function goToProvider(c: Context<AppEnv>): Promise<Response> {
  const slug = slugParam(c.req.param("provider") ?? "", "provider");
  return withDb(c.env, "fresh", async (db) => {
    const provider = await providerRecord(db, slug);
    if (!provider) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
    const country = (c.req.raw as Request & { cf?: { country?: string } }).cf?.country;
    try {
      await recordAffiliateClick(db, {
        providerId: provider.id,
        sourcePath: sourcePath(c.req.header("Referer"), new URL(c.req.url).host),
        country: typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : null,
      });
    } catch (error) {
      // Losing a click count must never keep a visitor from the provider.
      log.warn("go.click-not-recorded", { provider: slug, ...errorFields(error) });
    }
    return c.redirect(provider.affiliateUrl ?? provider.websiteUrl, 302);
  }).then((response) => {
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("X-Robots-Tag", "noindex");
    return response;
  });
}
