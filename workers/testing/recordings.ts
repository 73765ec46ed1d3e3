import { createProviderHttp } from "../providers/http";
import { recordedBaseUrl, recordingSchema, replayFetch } from "../providers/replay";
import type { ProviderAdapter } from "../providers/types";

/** Runs an adapter against a recording, exactly as the pipeline would against the live source. */
export async function scrapeRecording(
  adapter: ProviderAdapter,
  fixture: unknown,
  { credential = "replay-placeholder-key" } = {},
) {
  const recording = recordingSchema.parse(fixture);
  const http = createProviderHttp({ fetch: replayFetch(recording) });
  const result = await adapter.scrape({
    http,
    baseUrl: recordedBaseUrl(recording, adapter.baseUrl.default),
    credential,
    now: new Date("2026-11-20T12:00:00Z"),
  });
  return { ...result, exchanges: http.exchanges };
}
