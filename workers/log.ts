// Structured logs: Workers Logs indexes the fields of a logged object, so every line is one object
// with an `event` name that can be searched for.
type Fields = Record<string, unknown>;

export const log = {
  info: (event: string, fields: Fields = {}) => console.log({ level: "info", event, ...fields }),
  warn: (event: string, fields: Fields = {}) => console.warn({ level: "warn", event, ...fields }),
  error: (event: string, fields: Fields = {}) => console.error({ level: "error", event, ...fields }),
};

export function errorFields(error: unknown): Fields {
  return error instanceof Error ? { error: error.message, errorName: error.name } : { error: String(error) };
}
