import { expect, it } from "vitest";
import { identifyGpu } from "../../shared/gpu-identity";
import type { ProviderOffer } from "../../shared/offers";
import { createProviderHttp } from "../providers/http";
import { type Recording, recordedBaseUrl, recordingSchema, replayFetch } from "../providers/replay";
import type { ProviderAdapter } from "../providers/types";

/** Runs an adapter against a recording, exactly as the pipeline would against the live source. */
export async function scrapeRecording(
  adapter: ProviderAdapter,
  fixture: unknown,
  { credential }: { credential?: string } = {},
) {
  const recording = recordingSchema.parse(fixture);
  const http = createProviderHttp({ fetch: replayFetch(recording) });
  const result = await adapter.scrape({
    http,
    baseUrl: recordedBaseUrl(recording, adapter.baseUrl.default),
    credential: credential ?? recording.credential ?? "replay-placeholder-key",
    now: new Date("2026-11-20T12:00:00Z"),
  });
  return { ...result, exchanges: http.exchanges };
}

/**
 * An HTTP wrapper replaying `fixture` that keeps every request the adapter sent, for tests of
 * what goes out (keys, headers, pages) rather than what comes back.
 */
export function replayKeepingRequests(fixture: unknown) {
  const replay = replayFetch(recordingSchema.parse(fixture));
  const sent: Request[] = [];
  const http = createProviderHttp({
    fetch: async (input, init) => {
      sent.push(new Request(input, init));
      return replay(input, init);
    },
  });
  return { http, sent };
}

/** The catalog GPU the pipeline will find for an offer, as shared/gpu-identity.ts decides it. */
export const identityOf = (offer: ProviderOffer | undefined) =>
  offer && identifyGpu({ name: offer.gpuNameRaw, memoryGb: offer.gpuMemoryGb, formFactor: offer.formFactor });

/**
 * The two behaviours a keyed adapter owes, as tests: the key goes out as a Bearer token on every
 * request, and without a key the scrape fails with MISSING_CREDENTIALS before sending anything.
 */
export function itSendsItsBearerKeyOnlyWhenSet(adapter: ProviderAdapter, fixture: unknown) {
  const scrapeWith = (credential: string | null) => {
    const { http, sent } = replayKeepingRequests(fixture);
    const baseUrl = recordedBaseUrl(recordingSchema.parse(fixture), adapter.baseUrl.default);
    return { sent, result: adapter.scrape({ http, baseUrl, credential, now: new Date("2026-11-20T12:00:00Z") }) };
  };
  it("sends the API key as a Bearer token", async () => {
    const { sent, result } = scrapeWith("secret-key");
    await result;
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((request) => request.headers.get("Authorization"))).toEqual(sent.map(() => "Bearer secret-key"));
  });
  it("sends nothing without an API key", async () => {
    const { sent, result } = scrapeWith(null);
    await expect(result).rejects.toMatchObject({ code: "MISSING_CREDENTIALS" });
    expect(sent).toEqual([]);
  });
}

/**
 * A one-page recording with `edit` applied to its HTML, for tests of a page reader's traps. The
 * edit must change the page: an edit that no longer matches (the fixture moved on) fails loudly
 * instead of testing the unedited page.
 */
export function withEditedPage(fixture: unknown, edit: (html: string) => string): Recording {
  const recording = recordingSchema.parse(fixture);
  const [page, ...rest] = recording.exchanges;
  if (!page || typeof page.response.body !== "string") throw new Error("the recording's first answer is a page");
  const body = edit(page.response.body);
  if (body === page.response.body) throw new Error("the edit did not change the page");
  return { ...recording, exchanges: [{ ...page, response: { ...page.response, body } }, ...rest] };
}
