import type { z } from "zod";
import { ApiError } from "./errors";

export interface ParameterProblem {
  parameter: string;
  message: string;
}

export function invalidQuery(problems: readonly ParameterProblem[]): ApiError {
  const summary = problems.map((problem) => `${problem.parameter}: ${problem.message}`).join("; ");
  return new ApiError("VALIDATION_ERROR", `Invalid query: ${summary}`, { issues: problems });
}

/**
 * The query string of an endpoint with a fixed set of parameters, validated by its zod schema.
 * Unknown or repeated parameters are errors too: a typo must not silently widen a query.
 */
export function parseQueryParams<Schema extends z.ZodObject>(url: string, schema: Schema): z.infer<Schema> {
  const params = new URL(url).searchParams;
  const problems: ParameterProblem[] = [];
  const allowed = Object.keys(schema.shape);
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name))
      problems.push({ parameter: name, message: `unknown parameter; allowed: ${allowed.join(", ")}` });
    else if (params.getAll(name).length > 1) problems.push({ parameter: name, message: "given more than once" });
  }
  const result = schema.safeParse(Object.fromEntries(params));
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push({ parameter: issue.path.join(".") || "(query)", message: issue.message });
  }
  if (problems.length || !result.success) throw invalidQuery(problems);
  return result.data;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path slug, or a 404: anything else (`..`, markup, SQL) cannot name a document. */
export function slugParam(value: string, what: string): string {
  if (!SLUG.test(value)) throw new ApiError("NOT_FOUND", `No ${what} "${value.slice(0, 100)}"`);
  return value;
}

export function uuidParam(value: string, what: string): string {
  if (!UUID.test(value)) throw new ApiError("NOT_FOUND", `No ${what} "${value.slice(0, 100)}"`);
  return value.toLowerCase();
}
