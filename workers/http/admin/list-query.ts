import { z } from "@hono/zod-openapi";
import type { Database } from "../../db/client";
import { providerRecord } from "../../db/queries/providers";
import { ApiError } from "../errors";

// What the admin lists share in their query strings: a bounded page, and a provider filter by slug.

export const MAX_ADMIN_PAGE_SIZE = 100;
const MAX_PAGE = 1_000;

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `a whole number from ${min} to ${max}`)
    .refine((value) => Number(value) >= min && Number(value) <= max, `a whole number from ${min} to ${max}`)
    .default(String(fallback))
    .meta({ type: "integer", minimum: min, maximum: max });

/** `limit` (1–100, default 50) and `page` (from 1), strict: an unknown parameter is a 400 naming it. */
export const adminPageQuery = z.strictObject({
  limit: wholeNumber(1, MAX_ADMIN_PAGE_SIZE, 50).describe(`Page size, 1–${MAX_ADMIN_PAGE_SIZE} (default 50)`),
  page: wholeNumber(1, MAX_PAGE, 1).describe(`Page number, 1–${MAX_PAGE}`),
});

export const providerFilter = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "a provider slug")
  .optional()
  .describe("Only this provider's (slug)");

/** A provider filter's id, or a 404 naming the slug. */
export async function filteredProvider(db: Database, slug: string | undefined): Promise<string | undefined> {
  if (slug === undefined) return undefined;
  const provider = await providerRecord(db, slug);
  if (!provider) throw new ApiError("NOT_FOUND", `No provider "${slug}"`);
  return provider.id;
}
