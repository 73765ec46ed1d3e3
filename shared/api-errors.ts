import { z } from "zod";

// The API's error envelope (docs/design.md §11) with a closed list of codes: clients can
// switch on `code`, and every error the API sends is one of these.

export const API_ERROR_CODES = {
  VALIDATION_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

const REASON_PHRASES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const apiErrorSchema = z
  .object({
    status: z.int(),
    error: z.string(),
    message: z.string(),
    code: z.enum(Object.keys(API_ERROR_CODES) as [ApiErrorCode, ...ApiErrorCode[]]),
    details: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.iso.datetime(),
    requestId: z.string(),
  })
  .meta({ id: "ApiError" });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export function apiErrorBody(
  code: ApiErrorCode,
  message: string,
  { requestId, now, details }: { requestId: string; now: Date; details?: Record<string, unknown> },
): ApiErrorBody {
  const status = API_ERROR_CODES[code];
  return {
    status,
    error: REASON_PHRASES[status] ?? "Error",
    message,
    code,
    ...(details ? { details } : {}),
    timestamp: now.toISOString(),
    requestId,
  };
}
