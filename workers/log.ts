import { AsyncLocalStorage } from "node:async_hooks";

// Structured logs: Workers Logs indexes the fields of a logged object, so every line is one object
// with an `event` name that can be searched for. Lines also carry the fields of the work they are
// written in (a request's `requestId`, a queue consumer's `queue` and `provider`), so one search
// finds every line of one request or one provider's scrape without each call site passing them.
type Fields = Record<string, unknown>;

const context = new AsyncLocalStorage<Fields>();

/**
 * Runs `work` with `fields` on every line it logs, however deep and across awaits (and in what
 * it hands to `waitUntil`). Nested contexts add to the outer one; a call's own fields win.
 */
export function withLogContext<T>(fields: Fields, work: () => T): T {
  const outer = context.getStore();
  return context.run(outer ? { ...outer, ...fields } : fields, work);
}

const line = (level: string, event: string, fields: Fields) => ({ level, event, ...context.getStore(), ...fields });

export const log = {
  info: (event: string, fields: Fields = {}) => console.log(line("info", event, fields)),
  warn: (event: string, fields: Fields = {}) => console.warn(line("warn", event, fields)),
  error: (event: string, fields: Fields = {}) => console.error(line("error", event, fields)),
};

export function errorFields(error: unknown): Fields {
  return error instanceof Error ? { error: error.message, errorName: error.name } : { error: String(error) };
}
