import { handleScheduled } from "./cron";
import { app } from "./http/app";
import { handleQueue } from "./queues";

export { MetricsCounter } from "./durable-objects/metrics-counter";
export { ProviderBreaker } from "./durable-objects/provider-breaker";
export { RateLimiter } from "./durable-objects/rate-limiter";

export default {
  fetch: app.fetch,
  scheduled: (controller, env) => handleScheduled(controller, env),
  queue: (batch, env) => handleQueue(batch, env),
} satisfies ExportedHandler<Env>;
