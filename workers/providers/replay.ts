import { z } from "zod";

/**
 * A provider fixture: requests and the responses they got, either recorded from the live source
 * (`origin: "recorded"`) or written from the provider's documentation (`"documented"`).
 */
export const recordingSchema = z
  .object({
    provider: z.string(),
    recordedAt: z.string().nullable(),
    origin: z.enum(["recorded", "documented"]),
    /**
     * Where a recorded answer was found: the public repository, the file in it and the commit, and
     * how it was recorded there (a test cassette, a scheduled scrape). Required for `recorded`.
     */
    source: z
      .object({
        repository: z.string(),
        path: z.string(),
        commit: z.string().regex(/^[0-9a-f]{7,40}$/),
        /** What the file is: "go-vcr cassette of scaleway-cli's instance tests", … */
        kind: z.string(),
      })
      .optional(),
    /** Where the shape comes from, and anything a reader should know (what was trimmed, what was added). */
    note: z.string().optional(),
    /**
     * The stand-in credential a replay hands the adapter, for sources whose key has a shape of its
     * own (Salad's "<organization>:<key>", whose organisation is part of every URL). Never a real key.
     */
    credential: z.string().optional(),
    exchanges: z.array(
      z.object({
        request: z.object({ method: z.string(), url: z.url(), bodyIncludes: z.string().optional() }),
        response: z.object({
          status: z.int(),
          headers: z.record(z.string(), z.string()).optional(),
          body: z.unknown(),
        }),
      }),
    ),
  })
  .refine((recording) => recording.origin !== "recorded" || (recording.source && recording.recordedAt), {
    message: "a recorded fixture names its source and the date it was recorded",
  });
export type Recording = z.infer<typeof recordingSchema>;
type Exchange = Recording["exchanges"][number];

const pathOf = (url: URL) => url.pathname.replace(/\/+$/, "") || "/";

function matches(exchange: Exchange, method: string, url: URL, body: string): boolean {
  const recorded = new URL(exchange.request.url);
  if (exchange.request.method.toUpperCase() !== method.toUpperCase()) return false;
  if (recorded.protocol !== url.protocol || recorded.host !== url.host || pathOf(recorded) !== pathOf(url))
    return false;
  for (const [name, value] of recorded.searchParams) {
    if (!url.searchParams.getAll(name).includes(value)) return false;
  }
  return exchange.request.bodyIncludes === undefined || body.includes(exchange.request.bodyIncludes);
}

function toResponse({ status, headers = {}, body }: Exchange["response"]): Response {
  const isText = typeof body === "string";
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
  return new Response(isText ? body : JSON.stringify(body), {
    status,
    headers: hasContentType
      ? headers
      : { ...headers, "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json" },
  });
}

/**
 * A fetch that answers from a recording and never touches the network: the first exchange with
 * the same method, scheme, host and path (trailing slash ignored), whose recorded query parameters
 * are all present, and whose `bodyIncludes` (if any) occurs in the request body. One exchange may
 * answer many requests. Anything else gets a 404.
 */
export function replayFetch(recording: Recording): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.text() : "";
    const url = new URL(request.url);
    const exchange = recording.exchanges.find((candidate) => matches(candidate, request.method, url, body));
    if (exchange) return toResponse(exchange.response);
    return new Response(`No recorded exchange for ${request.method} ${request.url}`, {
      status: 404,
      headers: { "Content-Type": "text/plain", "X-Replay": "unrecorded" },
    });
  };
}

/**
 * The base URL a recording was made against, for an adapter whose default base is `defaultBase`:
 * the origin of the first exchange whose path lies under the default base's path. Lets one
 * recording replay whether it was made against a provider's old or new host name.
 */
export function recordedBaseUrl(recording: Recording, defaultBase: string): string {
  const base = new URL(defaultBase);
  const prefix = pathOf(base) === "/" ? "" : pathOf(base);
  for (const { request } of recording.exchanges) {
    const url = new URL(request.url);
    if (url.pathname.startsWith(prefix)) return `${url.origin}${prefix}`;
  }
  return defaultBase.replace(/\/+$/, "");
}
