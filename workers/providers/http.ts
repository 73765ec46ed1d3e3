import {
  challengeCode,
  codeForStatus,
  retryAfterSeconds,
  SCRAPE_ERROR_CODES,
  type ScrapeErrorCode,
} from "../../shared/scrape-errors";

export const USER_AGENT = "CloudGPUs-PriceBot/1.0 (+https://cloudgpus.io/about/data; GPU price comparison)";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Every way a provider call can fail, classified (shared/scrape-errors.ts). */
export class ProviderError extends Error {
  constructor(
    readonly code: ScrapeErrorCode,
    message: string,
    readonly details: { url?: string; status?: number; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.name = "ProviderError";
  }

  get retryable(): boolean {
    return SCRAPE_ERROR_CODES[this.code].retryable;
  }
}

export interface ExchangeRecord {
  method: string;
  url: string;
  status: number | null;
  bytes: number;
  durationMs: number;
}

export interface ProviderRequest {
  method?: "GET" | "POST";
  /** What the answer should be: JSON (the default) or a web page. */
  accept?: "json" | "html";
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ProviderHttp {
  /** Sends one request and returns the parsed JSON body, or throws a `ProviderError`. */
  json(request: ProviderRequest): Promise<unknown>;
  /** The same, with the response headers (paging headers such as `Link` and `X-Total-Count`). */
  jsonWithHeaders(request: ProviderRequest): Promise<{ body: unknown; headers: Headers }>;
  /** Sends one request for a web page and returns its HTML, or throws a `ProviderError`. */
  html(request: Omit<ProviderRequest, "accept">): Promise<string>;
  /** What was asked and answered so far, for `scrape_jobs`. Credentials are redacted. */
  readonly exchanges: readonly ExchangeRecord[];
}

interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => Date;
}

const SECRET_PARAMS = /^(api[_-]?key|key|token|access[_-]?token|apikey)$/i;

function redact(url: string): string {
  const parsed = new URL(url);
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, "***");
  }
  return parsed.href;
}

/**
 * The one fetch wrapper for provider calls. Requests from one wrapper go out one at a time (a
 * scrape uses one wrapper, and one provider is scraped by one consumer at a time), name the
 * project in their User-Agent, time out, and come back as parsed JSON or a classified error.
 */
export function createProviderHttp({
  fetch,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxBytes = DEFAULT_MAX_BYTES,
  now = () => new Date(),
}: HttpOptions): ProviderHttp {
  const exchanges: ExchangeRecord[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  async function send({
    method = "GET",
    url,
    body,
    headers = {},
    accept = "json",
  }: ProviderRequest): Promise<{ body: unknown; headers: Headers }> {
    const started = Date.now();
    const record: ExchangeRecord = { method, url: redact(url), status: null, bytes: 0, durationMs: 0 };
    exchanges.push(record);
    const fail = (
      code: ScrapeErrorCode,
      message: string,
      extra: { status?: number; retryAfterSeconds?: number | null } = {},
    ) => new ProviderError(code, message, { url: record.url, ...extra });

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          "User-Agent": USER_AGENT,
          Accept: accept === "html" ? "text/html,application/xhtml+xml" : "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      record.durationMs = Date.now() - started;
      const name = (error as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError")
        throw fail("ETIMEDOUT", `${method} ${record.url} timed out after ${timeoutMs} ms`);
      throw fail("ECONNRESET", `${method} ${record.url} failed: ${(error as Error)?.message ?? String(error)}`);
    }

    record.status = response.status;
    let text: string;
    try {
      const buffer = await response.arrayBuffer();
      record.bytes = buffer.byteLength;
      if (buffer.byteLength > maxBytes)
        throw fail("INVALID_RESPONSE", `response of ${buffer.byteLength} bytes exceeds the ${maxBytes}-byte limit`);
      text = new TextDecoder().decode(buffer);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw fail("ECONNRESET", `reading the response of ${record.url} failed: ${(error as Error)?.message}`, {
        status: response.status,
      });
    } finally {
      record.durationMs = Date.now() - started;
    }

    const statusCode = codeForStatus(response.status);
    if (statusCode) {
      const code = response.status === 403 ? (challengeCode(text) ?? statusCode) : statusCode;
      throw fail(code, `${method} ${record.url} answered HTTP ${response.status}: ${snippet(text)}`, {
        status: response.status,
        retryAfterSeconds: retryAfterSeconds(response.headers.get("Retry-After"), now()),
      });
    }
    // A page is judged by the adapter that reads it: a bot challenge answered with 200 shows as a
    // page without prices (workers/providers/html.ts tells the two apart).
    if (accept === "html") return { body: text, headers: response.headers };
    try {
      return { body: JSON.parse(text), headers: response.headers };
    } catch {
      const code = challengeCode(text) ?? "INVALID_RESPONSE";
      const type = response.headers.get("Content-Type") ?? "no content type";
      throw fail(code, `${method} ${record.url} answered ${type} that is not JSON: ${snippet(text)}`, {
        status: response.status,
      });
    }
  }

  const inTurn = (request: ProviderRequest) => {
    const result = queue.then(() => send(request));
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    exchanges,
    json: async (request) => (await inTurn(request)).body,
    jsonWithHeaders: inTurn,
    html: async (request) => (await inTurn({ ...request, accept: "html" })).body as string,
  };
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || "(empty body)";
}
