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
 * What a route's declared request schema (createRoute) found wrong, as the 400 envelope naming each
 * parameter: the `defaultHook` of the API's OpenAPIHono. Query schemas are strict objects, so an
 * unknown parameter is an error too (a typo must not silently widen a query), and a parameter given
 * twice arrives as a list where one value is expected.
 */
export function requestProblems(
  result: ({ success: true } | { success: false; error: z.ZodError; data?: unknown }) & { target?: string },
): ApiError | undefined {
  if (result.success) return undefined;
  const whole = result.target === "json" ? "(body)" : "(query)";
  const input = (result.data ?? {}) as Record<string, unknown>;
  const problems: ParameterProblem[] = result.error.issues.flatMap((issue): ParameterProblem[] => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({ parameter: key, message: "unknown parameter" }));
    const parameter = issue.path.join(".") || whole;
    if (Array.isArray(input[String(issue.path[0])])) return [{ parameter, message: "given more than once" }];
    return [{ parameter, message: issue.message }];
  });
  return invalidQuery(problems);
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
