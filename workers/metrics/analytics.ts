import type { CacheResult } from "./counters";

// What the Worker writes to Workers Analytics Engine (binding METRICS): one data point per request
// and one per queue batch. A write is buffered by the runtime and sent after the response, so it
// costs the request no round trip. Analytics Engine samples what it stores (exact counts are the
// counter object's job); its points carry what the counters cannot afford to: a duration per
// request, queryable per route with the SQL API for three months.
//
// Durations are the Workers clock's, which moves only across I/O: a request answered from memory
// takes 0 ms by it.
//
// Columns, by kind (blob1):
//   http:  index route · blob2 method · blob3 route · blob4 status · blob5 cache (HIT, MISS or "") · double1 ms
//   queue: index queue · blob2 queue · double1 messages · double2 acked · double3 retried · double4 ms

/** Analytics Engine keeps at most 96 bytes of an index (its sampling key). */
const MAX_INDEX_BYTES = 96;

export interface RequestPoint {
  method: string;
  route: string;
  status: number;
  cache: CacheResult;
  durationMs: number;
}

export function requestDataPoint(request: RequestPoint): AnalyticsEngineDataPoint {
  return {
    indexes: [request.route.slice(0, MAX_INDEX_BYTES)],
    blobs: ["http", request.method, request.route, String(request.status), request.cache ?? ""],
    doubles: [request.durationMs],
  };
}

export interface QueueBatchPoint {
  queue: string;
  acked: number;
  retried: number;
  durationMs: number;
}

export function queueBatchDataPoint(batch: QueueBatchPoint): AnalyticsEngineDataPoint {
  return {
    indexes: [batch.queue.slice(0, MAX_INDEX_BYTES)],
    blobs: ["queue", batch.queue],
    doubles: [batch.acked + batch.retried, batch.acked, batch.retried, batch.durationMs],
  };
}
