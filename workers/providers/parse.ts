import type { z } from "zod";
import { ProviderError } from "./http";

/**
 * Validates a provider response against its documented shape; anything else is schema drift: the
 * provider changed, and the parser must follow before its prices can be trusted again.
 */
export function parseOrDrift<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new ProviderError("SCHEMA_DRIFT", `${what} is not in the documented shape: ${issues}`);
}

/** The zod issues of one record, as a short reason for `skipped`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(record)"}: ${issue.message}`)
    .join("; ");
}

/** A provider's number when it is a real amount (above zero); null for 0, negative, NaN or missing. */
export function positive(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && value > 0 ? value : null;
}
