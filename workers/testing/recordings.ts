import { identifyGpu } from "../../shared/gpu-identity";
import type { ProviderOffer } from "../../shared/offers";
import { createProviderHttp } from "../providers/http";
import { recordedBaseUrl, recordingSchema, replayFetch } from "../providers/replay";
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
