// The Payload-style list query language of the public API (docs/design.md §11), e.g.
// `where[price_per_gpu_hour][less_than]=3&sort=-price_per_gpu_hour&limit=20`, parsed into a typed AST
// checked against a per-collection field spec. Every problem names the exact query key, so the API
// can answer 400 pointing at it. Mapping the AST to SQL is the caller's job.
//
// Rules Payload's documentation leaves open:
// - Top-level conditions combine with AND. Payload's `where[or][i]` / `where[and][i]` groups nest up to
//   three deep; each element is a where of its own (its nodes AND-ed), joined by the group's word.
// - A key given more than once is a problem whatever the values: which one wins would be a guess.
// - An empty value is a problem for every type; `where[x][equals]=` is a client bug, not a filter.
// - A lower-case UUID is also a valid slug; the UUID reading wins. UUIDs are lower-cased, slugs are
//   not (an upper-case slug is invalid).
// - Datetimes: `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]`; no offset
//   means UTC, and a space before the offset is read as `+` (an unencoded `+` arrives as a space).
//   Normalised with `toISOString()`, so precision below a millisecond is dropped.
// - List operators (`in`, `not_in`, `all`) take a comma list or a qs array; a string containing a
//   comma can only be matched with `equals`.
// - At most 20 conditions per query; numbers in exponent form are accepted, `+5`, `.5` and `5.` are not.
// - Whole-number fields hold what their column holds (a smallint is -32768 to 32767); datetimes fall
//   within the years 0001 to 9999 UTC. Anything beyond is a problem of the request.

export type FieldType =
  | "uuid_or_slug"
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "datetime"
  | "enum"
  | "string_array";

/**
 * How a field may be filtered and sorted. Enum values are matched case-sensitively. A number or
 * integer field may carry the range its column holds (`min`, `max`): the database cannot compare a
 * smallint with 40000, so such a value is a problem of the request, not of the server.
 */
export type FieldSpec =
  | { type: "enum"; values: readonly string[]; sortable?: boolean }
  | { type: "number" | "integer"; sortable?: boolean; min?: number; max?: number }
  | { type: Exclude<FieldType, "enum" | "number" | "integer">; sortable?: boolean };

/** Field name, snake_case as the API exposes it → spec. */
export type CollectionSpec = Readonly<Record<string, FieldSpec>>;

export const OPERATORS = [
  "equals",
  "not_equals",
  "less_than",
  "less_than_equal",
  "greater_than",
  "greater_than_equal",
  "like",
  "not_like",
  "contains",
  "in",
  "not_in",
  "all",
  "exists",
] as const;
export type Operator = (typeof OPERATORS)[number];
/** Operators whose value is a list: a comma list, or a qs array (`where[f][in][0]=a&where[f][in][1]=b`). */
export const LIST_OPERATORS = ["in", "not_in", "all"] as const;
export type ListOperator = (typeof LIST_OPERATORS)[number];
export type ComparisonOperator = Exclude<Operator, ListOperator | "exists">;

/** A `uuid_or_slug` value, tagged so the caller knows which column to compare with. */
export interface IdRef {
  kind: "uuid" | "slug";
  value: string;
}

interface ValueOfType {
  uuid_or_slug: IdRef;
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  /** ISO 8601 as produced by `Date.prototype.toISOString`. */
  datetime: string;
  enum: string;
  string_array: string;
}
export type ScalarValue = ValueOfType[FieldType];

type ConditionOn<T extends FieldType> = { field: string; type: T } & (
  | { operator: ComparisonOperator; value: ValueOfType[T] }
  | { operator: ListOperator; value: ValueOfType[T][] }
  | { operator: "exists"; value: boolean }
);

/**
 * One `where[field][operator]=value`. List operators carry the distinct values (first-seen order);
 * `exists` means "is not null" when true. `like` matches text holding every word of the value and
 * `contains` text holding the value, both ignoring case; `not_like` is the negation of `like`. On
 * `string_array` fields `equals` means "contains", `not_equals` "does not contain", `in` "contains
 * any of", `not_in` "contains none of" and `all` "contains all of".
 */
export type Condition = { [T in FieldType]: ConditionOn<T> }[FieldType];

/**
 * A Payload `where[or]` / `where[and]` group: its elements (`where[or][0]…`, `where[or][1]…`) are
 * each a list of nodes AND-ed together, and the group joins the elements with OR or AND.
 */
export interface WhereGroup {
  group: "and" | "or";
  elements: WhereNode[][];
}
export type WhereNode = Condition | WhereGroup;
export const isCondition = (node: WhereNode): node is Condition => "field" in node;

export interface SortKey {
  field: string;
  direction: "asc" | "desc";
}

/** A validated list request. Defaults are filled in, so equal meanings give equal values. */
export interface ListQuery {
  /** AND-ed together; a node is a condition or an and/or group. */
  where: WhereNode[];
  sort: SortKey[];
  limit: number;
  page: number;
  depth: number;
  format: "json" | "csv";
  /** Payload 3's `select[field]=true`: the document fields to answer with (`id` always), or null for all. */
  select: string[] | null;
  /** Values of the endpoint's own top-level parameters (`ListQueryOptions.extraParams`) that were given. */
  extra: Record<string, ScalarValue>;
}

/** `parameter` is the query key exactly as given, e.g. `where[gpu_count][less_than]`. */
export interface QueryProblem {
  parameter: string;
  message: string;
}

export interface ListQueryOptions {
  /** Used when `sort` is absent. Default: none. */
  defaultSort?: readonly SortKey[];
  /** Default 100. */
  maxLimit?: number;
  /** Default 50. */
  defaultLimit?: number;
  /** Default 2, as in Payload. */
  defaultDepth?: number;
  /** Further top-level parameters the endpoint accepts, validated like a field's `equals` value. */
  extraParams?: CollectionSpec;
  /** The document fields `select[field]` may name. Default: none (`select` refused). */
  selectable?: readonly string[];
}

export type ListQueryResult = { ok: true; query: ListQuery } | { ok: false; problems: QueryProblem[] };

const MAX_CONDITIONS = 20;
const MAX_IN_VALUES = 50;
const MAX_SORT_KEYS = 3;
const MAX_PAGE = 10_000;
const MAX_DEPTH = 2;
const MAX_STRING_LENGTH = 200;
/** `pagination=false` answers one page of at most this many documents (Payload would answer all). */
export const MAX_UNPAGINATED = 1_000;
const SELECT_KEY = /^select\[([^[\]]+)\]$/;

const EQUALITY_OPERATORS: readonly Operator[] = ["equals", "not_equals", "in", "not_in", "exists"];
const ORDERED_OPERATORS: readonly Operator[] = [
  ...EQUALITY_OPERATORS,
  "less_than",
  "less_than_equal",
  "greater_than",
  "greater_than_equal",
];
const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  uuid_or_slug: EQUALITY_OPERATORS,
  string: [...EQUALITY_OPERATORS, "like", "not_like", "contains"],
  enum: EQUALITY_OPERATORS,
  string_array: [...EQUALITY_OPERATORS, "all"],
  boolean: ["equals", "not_equals", "exists"],
  number: ORDERED_OPERATORS,
  integer: ORDERED_OPERATORS,
  datetime: ORDERED_OPERATORS,
};
const isListOperator = (operator: string): operator is ListOperator =>
  (LIST_OPERATORS as readonly string[]).includes(operator);

/** `where`, any and/or group steps (`[or][0]`), then `[field][operator]`. */
const WHERE_KEY = /^where((?:\[(?:and|or)\]\[\d{1,3}\])*)\[([^[\]]+)\]\[([^[\]]+)\]$/;
const GROUP_STEP = /\[(and|or)\]\[(\d{1,3})\]/g;
/** A qs array item of a list operator: `where[gpu_count][in][0]`, `where[or][1][gpu_count][in][0]`. */
const WHERE_ITEM_KEY = /^(where(?:\[[^[\]]+\])*\[(?:in|not_in|all)\])\[(\d{1,3})\]$/;
const MAX_GROUP_DEPTH = 3;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+\- ])(\d{2}):(\d{2}))?)?$/;
// Strings the API filters on are names and identifiers ("secure:NVIDIA H100 80GB HBM3",
// "vbm-112c-2048gb-8-h100-gpu", "us-east-1"): letters, digits, spaces and a little punctuation.
// Markup, quotes, semicolons and the like cannot occur in them, so they are refused outright.
const NAME_TEXT = /^[\p{L}\p{N} ._:/()+#@-]+$/u;

type Parsed<T> = { ok: true; value: T } | { ok: false; messages: string[] };
type Report = (parameter: string, messages: string[]) => void;

export function parseListQuery(
  params: URLSearchParams,
  spec: CollectionSpec,
  options: ListQueryOptions = {},
): ListQueryResult {
  const maxLimit = options.maxLimit ?? 100;
  const extraParams = options.extraParams ?? {};
  const problems: QueryProblem[] = [];
  const report: Report = (parameter, messages) => problems.push(...messages.map((message) => ({ parameter, message })));
  const query: ListQuery = {
    where: [],
    sort: [...(options.defaultSort ?? [])],
    limit: options.defaultLimit ?? 50,
    page: 1,
    depth: options.defaultDepth ?? 2,
    format: "json",
    select: null,
    extra: {},
  };
  let unpaginated = false;

  const given = new Map<string, string[]>();
  const items = new Map<string, Map<number, string>>();
  for (const [key, value] of params) {
    const item = WHERE_ITEM_KEY.exec(key);
    if (item?.[1] && item[2] !== undefined) {
      const [base, index] = [item[1], Number(item[2])];
      const list = items.get(base) ?? new Map<number, string>();
      if (list.has(index)) report(key, ["given twice; give each parameter once"]);
      list.set(index, value);
      items.set(base, list);
    } else given.set(key, [...(given.get(key) ?? []), value]);
  }
  // A qs array is one list, in index order; beside a comma list of the same filter it is a second value.
  for (const [base, list] of items) {
    const joined = [...list].sort(([a], [b]) => a - b).map(([, value]) => value);
    if (joined.some((value) => value.includes(",")))
      report(base, ["a qs array item holds a comma; give one value per item"]);
    given.set(base, [...(given.get(base) ?? []), joined.join(",")]);
  }

  let filterKeys = 0;
  for (const [key, values] of given) {
    const raw = values[0] ?? "";
    const apply = <T>(parsed: Parsed<T>, set: (value: T) => void) =>
      parsed.ok ? set(parsed.value) : report(key, parsed.messages);
    if (values.length > 1) {
      report(key, [`given ${values.length === 2 ? "twice" : `${values.length} times`}; give each parameter once`]);
    } else if (key === "where" || /^where[[\]]/.test(key)) {
      filterKeys++;
      apply(parseCondition(key, raw, spec), ({ steps, condition }) => place(query.where, steps, condition));
    } else if (key === "sort") {
      apply(parseSort(raw, spec), (sort) => (query.sort = sort));
    } else if (key === "limit") {
      apply(parseWholeNumber(raw, 1, maxLimit), (limit) => (query.limit = limit));
    } else if (key === "page") {
      apply(parseWholeNumber(raw, 1, MAX_PAGE), (page) => (query.page = page));
    } else if (key === "depth") {
      apply(parseWholeNumber(raw, 0, MAX_DEPTH), (depth) => (query.depth = depth));
    } else if (key === "format") {
      if (raw === "json" || raw === "csv") query.format = raw;
      else report(key, [`${quote(raw)} is not a format; use json or csv`]);
    } else if (key === "pagination") {
      if (raw === "false") unpaginated = true;
      else if (raw !== "true") report(key, [`${quote(raw)} is not a boolean; use true or false`]);
    } else if (SELECT_KEY.test(key)) {
      const field = SELECT_KEY.exec(key)?.[1] ?? "";
      const selectable = options.selectable ?? [];
      if (!selectable.includes(field)) report(key, [`unknown field ${quote(field)}; fields: ${selectable.join(", ")}`]);
      else if (raw !== "true" && raw !== "false") report(key, [`${quote(raw)} is not a boolean; use true or false`]);
      else if (raw === "true") query.select = [...(query.select ?? []), field];
    } else if (extraParams[key]) {
      apply(parseScalar(extraParams[key], raw), (value) => (query.extra[key] = value));
    } else {
      const accepted = [
        "where[field][operator]",
        "sort",
        "limit",
        "page",
        "depth",
        "format",
        "pagination",
        "select[field]",
        ...Object.keys(extraParams),
      ];
      report(key, [`unknown parameter; accepted: ${accepted.join(", ")}`]);
    }
  }
  if (filterKeys > MAX_CONDITIONS) report("where", [`at most ${MAX_CONDITIONS} conditions, got ${filterKeys}`]);

  if (unpaginated) {
    if (given.has("limit") || given.has("page")) report("pagination", ["pagination=false takes no limit or page"]);
    query.limit = MAX_UNPAGINATED;
    query.page = 1;
  }
  if (problems.length > 0) return { ok: false, problems };
  query.where = compact(query.where);
  if (query.select) query.select = [...new Set(query.select)].sort();
  return { ok: true, query };
}

/**
 * A canonical query string for `query`, for cache keys: same meaning → same string, whatever the
 * order or spelling of the request. It parses back to the same query.
 */
export function canonicalQuery(query: ListQuery): string {
  const filters = canonicalFilters(query.where, "where");
  const extras = Object.entries(query.extra)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(scalarText(value))}`);
  const sort =
    query.sort.length > 0
      ? [`sort=${query.sort.map((key) => (key.direction === "desc" ? "-" : "") + key.field).join(",")}`]
      : [];
  const paging = [
    ...(query.limit === MAX_UNPAGINATED ? ["pagination=false"] : [`limit=${query.limit}`, `page=${query.page}`]),
    `depth=${query.depth}`,
    `format=${query.format}`,
  ];
  const select = (query.select ?? []).map((field) => `select[${encodeURIComponent(field)}]=true`);
  return [...filters, ...extras, ...sort, ...paging, ...select].join("&");
}

interface GroupStep {
  group: "and" | "or";
  index: number;
}

/** Puts `condition` into the tree under `steps`, making the groups and elements on the way. */
function place(level: WhereNode[], steps: GroupStep[], condition: Condition): void {
  let nodes = level;
  for (const step of steps) {
    let group = nodes.find((node): node is WhereGroup => !isCondition(node) && node.group === step.group);
    if (!group) {
      group = { group: step.group, elements: [] };
      nodes.push(group);
    }
    group.elements[step.index] ??= [];
    nodes = group.elements[step.index] ?? [];
  }
  nodes.push(condition);
}

/** The elements of every group, sparse indexes (`[or][0]`, `[or][5]`) closed up in index order. */
function compact(nodes: WhereNode[]): WhereNode[] {
  return nodes.map((node) =>
    isCondition(node) ? node : { group: node.group, elements: node.elements.filter(Boolean).map(compact) },
  );
}

function parseCondition(
  key: string,
  raw: string,
  spec: CollectionSpec,
): Parsed<{ steps: GroupStep[]; condition: Condition }> {
  const match = WHERE_KEY.exec(key);
  if (!match)
    return fail(
      "malformed filter; expected where[field][operator]=value, inside and/or groups as where[or][0][field][operator]=value",
    );

  const [, path = "", field = "", operator = ""] = match;
  const steps = [...path.matchAll(GROUP_STEP)].map((step) => ({
    group: step[1] as "and" | "or",
    index: Number(step[2]),
  }));
  if (steps.length > MAX_GROUP_DEPTH) return fail(`and/or groups nest at most ${MAX_GROUP_DEPTH} deep`);
  const fieldSpec = Object.hasOwn(spec, field) ? spec[field] : undefined;
  const isOperator = (OPERATORS as readonly string[]).includes(operator);
  const messages = [
    ...(fieldSpec ? [] : [`unknown field ${quote(field)}; fields: ${Object.keys(spec).join(", ")}`]),
    ...(isOperator ? [] : [`unknown operator ${quote(operator)}; operators: ${OPERATORS.join(", ")}`]),
  ];
  if (!fieldSpec || !isOperator) return { ok: false, messages };

  const allowed = OPERATORS_BY_TYPE[fieldSpec.type];
  if (!allowed.includes(operator as Operator)) {
    return fail(
      `operator "${operator}" does not apply to ${fieldSpec.type} field "${field}"; use one of: ${allowed.join(", ")}`,
    );
  }
  if (raw === "") return fail("needs a value");
  const value: Parsed<unknown> =
    operator === "exists"
      ? parseBoolean(raw)
      : isListOperator(operator)
        ? parseList(fieldSpec, raw)
        : parseScalar(fieldSpec, raw);
  return value.ok
    ? ok({ steps, condition: { field, type: fieldSpec.type, operator, value: value.value } as Condition })
    : value;
}

function parseList(spec: FieldSpec, raw: string): Parsed<ScalarValue[]> {
  const items = raw.split(",");
  if (items.length > MAX_IN_VALUES)
    return fail(`takes at most ${MAX_IN_VALUES} comma-separated values, got ${items.length}`);
  const distinct = new Map<string, ScalarValue>();
  const messages: string[] = [];
  items.forEach((item, index) => {
    const parsed = parseScalar(spec, item);
    if (parsed.ok) distinct.set(scalarText(parsed.value), parsed.value);
    else messages.push(...parsed.messages.map((message) => `value ${index + 1} ${message}`));
  });
  return messages.length > 0 ? { ok: false, messages } : ok([...distinct.values()]);
}

function parseScalar(spec: FieldSpec, raw: string): Parsed<ScalarValue> {
  if (raw === "") return fail("is empty");
  switch (spec.type) {
    case "number": {
      const value = Number(raw);
      if (!NUMBER.test(raw)) return fail(`${quote(raw)} is not a number`);
      return Number.isFinite(value)
        ? inRange(spec, raw, value === 0 ? 0 : value)
        : fail(`${quote(raw)} is out of range`);
    }
    case "integer": {
      const value = Number(raw);
      if (!INTEGER.test(raw)) return fail(`${quote(raw)} is not a whole number`);
      return Number.isSafeInteger(value)
        ? inRange(spec, raw, value === 0 ? 0 : value)
        : fail(`${quote(raw)} is out of range`);
    }
    case "boolean":
      return parseBoolean(raw);
    case "datetime":
      return parseDatetime(raw);
    case "enum":
      return spec.values.includes(raw) ? ok(raw) : fail(`${quote(raw)} is not one of: ${spec.values.join(", ")}`);
    case "uuid_or_slug":
      if (UUID.test(raw)) return ok({ kind: "uuid", value: raw.toLowerCase() });
      if (SLUG.test(raw)) return ok({ kind: "slug", value: raw });
      return fail(`${quote(raw)} is neither a UUID nor a slug (lower-case letters, digits and hyphens)`);
    case "string":
    case "string_array":
      if (raw.length > MAX_STRING_LENGTH) return fail(`is longer than ${MAX_STRING_LENGTH} characters`);
      return NAME_TEXT.test(raw)
        ? ok(raw)
        : fail(`${quote(raw)} may only contain letters, digits, spaces and . _ : / ( ) + # @ -`);
  }
}

function inRange(spec: { min?: number; max?: number }, raw: string, value: number): Parsed<number> {
  if (spec.min !== undefined && value < spec.min)
    return fail(`${quote(raw)} is below ${spec.min}, the least this field holds`);
  if (spec.max !== undefined && value > spec.max)
    return fail(`${quote(raw)} is above ${spec.max}, the most this field holds`);
  return ok(value);
}

function parseBoolean(raw: string): Parsed<boolean> {
  return raw === "true"
    ? ok(true)
    : raw === "false"
      ? ok(false)
      : fail(`${quote(raw)} is not a boolean; use true or false`);
}

function parseDatetime(raw: string): Parsed<string> {
  const invalid = fail(`${quote(raw)} is not an ISO 8601 date or datetime`);
  const match = DATETIME.exec(raw);
  if (!match) return invalid;
  const [, year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(0, 7)
    .map((part) => Number(part ?? 0));
  const [fraction = "", sign = "+", offsetHours = "0", offsetMinutes = "0"] = match.slice(7);
  if (hour > 23 || minute > 59 || second > 59 || Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return invalid;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return invalid;
  const offset = (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  const instant = new Date(date.getTime() + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis);
  // Years 1 to 9999 in UTC: year 0 does not exist for the database, and past 9999 ISO 8601 needs a sign.
  const utcYear = instant.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return fail(`${quote(raw)} is outside the years 0001 to 9999 (UTC)`);
  return ok(instant.toISOString());
}

function parseWholeNumber(raw: string, min: number, max: number): Parsed<number> {
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max
    ? ok(value)
    : fail(`must be a whole number from ${min} to ${max}, got ${quote(raw)}`);
}

function parseSort(raw: string, spec: CollectionSpec): Parsed<SortKey[]> {
  const sortable = Object.keys(spec).filter((field) => spec[field]?.sortable);
  const keys = raw.split(",");
  const messages = keys.length > MAX_SORT_KEYS ? [`at most ${MAX_SORT_KEYS} sort keys, got ${keys.length}`] : [];
  const sort: SortKey[] = [];
  for (const key of keys) {
    const field = key.startsWith("-") ? key.slice(1) : key;
    const problem =
      field === ""
        ? "empty sort key"
        : !Object.hasOwn(spec, field)
          ? `unknown field ${quote(field)}`
          : !spec[field]?.sortable
            ? `field "${field}" is not sortable`
            : sort.some((existing) => existing.field === field)
              ? `field "${field}" is sorted on twice`
              : null;
    if (problem) messages.push(`${problem}; sortable fields: ${sortable.join(", ")}`);
    else sort.push({ field, direction: key.startsWith("-") ? "desc" : "asc" });
  }
  return messages.length > 0 ? { ok: false, messages } : ok(sort);
}

/**
 * The filters of `nodes` under `prefix`, sorted; each group's elements numbered in the order of
 * their own sorted text, so the same groups in any order or numbering give the same string.
 */
function canonicalFilters(nodes: readonly WhereNode[], prefix: string): string[] {
  const filters: string[] = [];
  for (const node of nodes) {
    if (isCondition(node)) {
      filters.push(`${prefix}[${node.field}][${node.operator}]=${operandText(node.value)}`);
      continue;
    }
    const elements = node.elements
      .map((element) => canonicalFilters(element, "").join("&"))
      .sort()
      .filter((text, index, all) => text !== "" && all.indexOf(text) === index);
    elements.forEach((text, index) => {
      for (const filter of text.split("&")) filters.push(`${prefix}[${node.group}][${index}]${filter}`);
    });
  }
  return filters.sort();
}

function operandText(value: Condition["value"]): string {
  if (!Array.isArray(value)) return encodeURIComponent(scalarText(value));
  const numeric = value.every((item) => typeof item === "number");
  const texts = [...new Set((numeric ? [...(value as number[])].sort((a, b) => a - b) : value).map(scalarText))];
  if (!numeric) texts.sort();
  return texts.map(encodeURIComponent).join(",");
}

function scalarText(value: ScalarValue): string {
  return typeof value === "object" ? value.value : String(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail(message: string): { ok: false; messages: string[] } {
  return { ok: false, messages: [message] };
}
