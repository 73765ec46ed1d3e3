import qs from "qs";
import { describe, expect, it } from "vitest";
import { availabilityStatuses } from "./domain";
import {
  type CollectionSpec,
  type Condition,
  canonicalQuery,
  type ListQuery,
  type ListQueryOptions,
  OPERATORS,
  parseListQuery,
  type QueryProblem,
} from "./query-grammar";

const INSTANCES: CollectionSpec = {
  provider_id: { type: "uuid_or_slug" },
  gpu_model_id: { type: "uuid_or_slug" },
  availability_status: { type: "enum", values: availabilityStatuses },
  price_per_gpu_hour: { type: "number", sortable: true },
  price_per_hour: { type: "number", sortable: true },
  price_per_hour_spot: { type: "number", sortable: true },
  gpu_count: { type: "integer", sortable: true },
  is_active: { type: "boolean" },
  available_regions: { type: "string_array" },
  last_scraped_at: { type: "datetime", sortable: true },
  instance_type: { type: "string" },
};

const UUID = "3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b";

type Params = string | [string, string][];

function parse(params: Params, options?: ListQueryOptions) {
  return parseListQuery(new URLSearchParams(params), INSTANCES, options);
}

function queryOf(params: Params, options?: ListQueryOptions): ListQuery {
  const result = parse(params, options);
  if (!result.ok) throw new Error(`expected a valid query, got ${JSON.stringify(result.problems)}`);
  return result.query;
}

function problemsOf(params: Params, options?: ListQueryOptions): QueryProblem[] {
  const result = parse(params, options);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.query)}`);
  return result.problems;
}

function conditionOf(key: string, value: string): Condition {
  const [condition, ...rest] = queryOf([[key, value]]).where;
  expect(rest).toEqual([]);
  return condition as Condition;
}

function problem(parameter: string, message: string) {
  return { parameter, message: expect.stringContaining(message) };
}

describe("parseListQuery", () => {
  it("parses a typical query into a typed one", () => {
    const query = queryOf(
      "where[gpu_model_id][equals]=h100-sxm&where[price_per_gpu_hour][less_than]=3&where[availability_status][in]=available,limited" +
        "&sort=-price_per_gpu_hour&limit=20&page=2&depth=1",
    );

    expect(query).toEqual({
      where: [
        { field: "gpu_model_id", type: "uuid_or_slug", operator: "equals", value: { kind: "slug", value: "h100-sxm" } },
        { field: "price_per_gpu_hour", type: "number", operator: "less_than", value: 3 },
        { field: "availability_status", type: "enum", operator: "in", value: ["available", "limited"] },
      ],
      sort: [{ field: "price_per_gpu_hour", direction: "desc" }],
      limit: 20,
      page: 2,
      depth: 1,
      format: "json",
      select: null,
      extra: {},
    });
  });

  it("fills in the defaults for an empty query string", () => {
    expect(queryOf("")).toEqual({
      where: [],
      sort: [],
      limit: 50,
      page: 1,
      depth: 2,
      format: "json",
      select: null,
      extra: {},
    });
  });

  it("takes defaults from the options", () => {
    const query = queryOf("", {
      defaultSort: [{ field: "price_per_gpu_hour", direction: "asc" }],
      defaultLimit: 25,
      defaultDepth: 0,
    });

    expect(query).toMatchObject({ sort: [{ field: "price_per_gpu_hour", direction: "asc" }], limit: 25, depth: 0 });
  });

  it.each<[string, string, Condition]>([
    [
      "where[provider_id][equals]",
      "runpod",
      { field: "provider_id", type: "uuid_or_slug", operator: "equals", value: { kind: "slug", value: "runpod" } },
    ],
    [
      "where[provider_id][equals]",
      UUID.toUpperCase(),
      { field: "provider_id", type: "uuid_or_slug", operator: "equals", value: { kind: "uuid", value: UUID } },
    ],
    [
      "where[gpu_model_id][not_equals]",
      "a100-80gb",
      {
        field: "gpu_model_id",
        type: "uuid_or_slug",
        operator: "not_equals",
        value: { kind: "slug", value: "a100-80gb" },
      },
    ],
    [
      "where[gpu_model_id][in]",
      `h100-sxm,${UUID},h100-sxm`,
      {
        field: "gpu_model_id",
        type: "uuid_or_slug",
        operator: "in",
        value: [
          { kind: "slug", value: "h100-sxm" },
          { kind: "uuid", value: UUID },
        ],
      },
    ],
    [
      "where[availability_status][not_equals]",
      "sold_out",
      { field: "availability_status", type: "enum", operator: "not_equals", value: "sold_out" },
    ],
    [
      "where[price_per_gpu_hour][less_than]",
      "2.49",
      { field: "price_per_gpu_hour", type: "number", operator: "less_than", value: 2.49 },
    ],
    [
      "where[price_per_hour][less_than_equal]",
      "10",
      { field: "price_per_hour", type: "number", operator: "less_than_equal", value: 10 },
    ],
    [
      "where[price_per_hour_spot][greater_than]",
      "-0",
      { field: "price_per_hour_spot", type: "number", operator: "greater_than", value: 0 },
    ],
    [
      "where[price_per_gpu_hour][greater_than_equal]",
      "1.5e0",
      { field: "price_per_gpu_hour", type: "number", operator: "greater_than_equal", value: 1.5 },
    ],
    [
      "where[gpu_count][greater_than_equal]",
      "8",
      { field: "gpu_count", type: "integer", operator: "greater_than_equal", value: 8 },
    ],
    ["where[gpu_count][in]", "8,1,2,1", { field: "gpu_count", type: "integer", operator: "in", value: [8, 1, 2] }],
    [
      "where[price_per_hour_spot][exists]",
      "false",
      { field: "price_per_hour_spot", type: "number", operator: "exists", value: false },
    ],
    ["where[is_active][equals]", "true", { field: "is_active", type: "boolean", operator: "equals", value: true }],
    [
      "where[is_active][not_equals]",
      "false",
      { field: "is_active", type: "boolean", operator: "not_equals", value: false },
    ],
    [
      "where[available_regions][equals]",
      "us-east-1",
      { field: "available_regions", type: "string_array", operator: "equals", value: "us-east-1" },
    ],
    [
      "where[available_regions][not_equals]",
      "eu-west",
      { field: "available_regions", type: "string_array", operator: "not_equals", value: "eu-west" },
    ],
    [
      "where[available_regions][in]",
      "us-east-1,eu-west",
      { field: "available_regions", type: "string_array", operator: "in", value: ["us-east-1", "eu-west"] },
    ],
    [
      "where[available_regions][exists]",
      "true",
      { field: "available_regions", type: "string_array", operator: "exists", value: true },
    ],
    [
      "where[instance_type][equals]",
      "secure:NVIDIA H100 80GB HBM3",
      { field: "instance_type", type: "string", operator: "equals", value: "secure:NVIDIA H100 80GB HBM3" },
    ],
    [
      "where[last_scraped_at][greater_than]",
      "2025-06-01",
      { field: "last_scraped_at", type: "datetime", operator: "greater_than", value: "2025-06-01T00:00:00.000Z" },
    ],
    [
      "where[last_scraped_at][less_than]",
      "2025-06-01T12:30:00+02:00",
      { field: "last_scraped_at", type: "datetime", operator: "less_than", value: "2025-06-01T10:30:00.000Z" },
    ],
    // An unencoded `+` in a query string arrives as a space.
    [
      "where[last_scraped_at][less_than]",
      "2025-06-01T12:30:00 02:00",
      { field: "last_scraped_at", type: "datetime", operator: "less_than", value: "2025-06-01T10:30:00.000Z" },
    ],
    [
      "where[last_scraped_at][less_than_equal]",
      "2024-02-29T23:59:59.123456Z",
      { field: "last_scraped_at", type: "datetime", operator: "less_than_equal", value: "2024-02-29T23:59:59.123Z" },
    ],
    [
      "where[last_scraped_at][equals]",
      "2025-01-01T00:00",
      { field: "last_scraped_at", type: "datetime", operator: "equals", value: "2025-01-01T00:00:00.000Z" },
    ],
    [
      "where[last_scraped_at][in]",
      "2025-01-01,2025-01-01T01:00+01:00",
      { field: "last_scraped_at", type: "datetime", operator: "in", value: ["2025-01-01T00:00:00.000Z"] },
    ],
  ])("%s=%s", (key, value, expected) => {
    expect(conditionOf(key, value)).toEqual(expected);
  });

  it("combines several conditions on one field", () => {
    const query = queryOf("where[price_per_gpu_hour][greater_than]=1&where[price_per_gpu_hour][less_than]=3");

    expect(query.where.map((condition) => (condition as Condition).operator)).toEqual(["greater_than", "less_than"]);
  });

  it.each([
    ["where[price_per_gpu_hour][less_than]", "12abc", '"12abc" is not a number'],
    ["where[price_per_gpu_hour][less_than]", "1e400", '"1e400" is out of range'],
    ["where[price_per_gpu_hour][less_than]", "NaN", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", "Infinity", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", "0x10", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", " 3", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", "+3", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", ".5", "is not a number"],
    ["where[price_per_gpu_hour][less_than]", "", "needs a value"],
    ["where[gpu_count][equals]", "2.5", '"2.5" is not a whole number'],
    ["where[gpu_count][equals]", "1e3", "is not a whole number"],
    ["where[gpu_count][equals]", "9007199254740993", "is out of range"],
    ["where[is_active][equals]", "TRUE", '"TRUE" is not a boolean; use true or false'],
    ["where[is_active][equals]", "1", "is not a boolean"],
    ["where[price_per_hour_spot][exists]", "yes", '"yes" is not a boolean'],
    ["where[last_scraped_at][greater_than]", "2025-02-29", '"2025-02-29" is not an ISO 8601 date or datetime'],
    ["where[last_scraped_at][greater_than]", "2025-13-01", "is not an ISO 8601"],
    ["where[last_scraped_at][greater_than]", "2025-01-01T24:00Z", "is not an ISO 8601"],
    ["where[last_scraped_at][greater_than]", "1735689600", "is not an ISO 8601"],
    ["where[last_scraped_at][greater_than]", "yesterday", "is not an ISO 8601"],
    [
      "where[availability_status][equals]",
      "Available",
      `"Available" is not one of: ${availabilityStatuses.join(", ")}`,
    ],
    ["where[availability_status][in]", "available,gone", 'value 2 "gone" is not one of'],
    ["where[gpu_model_id][equals]", "H100-SXM", '"H100-SXM" is neither a UUID nor a slug'],
    ["where[gpu_model_id][equals]", "-h100", "is neither a UUID nor a slug"],
    ["where[gpu_model_id][equals]", "a".repeat(101), "is neither a UUID nor a slug"],
    ["where[instance_type][equals]", "x".repeat(201), "is longer than 200 characters"],
    ["where[instance_type][equals]", "gpu\u0000", "may only contain letters, digits, spaces and"],
    ["where[available_regions][equals]", "us\neast", "may only contain letters, digits, spaces and"],
    ["where[instance_type][equals]", "<script>alert(1)</script>", "may only contain letters, digits, spaces and"],
    ["where[instance_type][equals]", "8x H100, 'SXM'", "may only contain letters, digits, spaces and"],
    ["where[gpu_count][in]", "1,,2", "value 2 is empty"],
    ["where[gpu_count][in]", "1,2,", "value 3 is empty"],
    [
      "where[gpu_count][in]",
      Array.from({ length: 51 }, (_, index) => index + 1).join(","),
      "at most 50 comma-separated values, got 51",
    ],
  ])("rejects %s=%j", (key, value, message) => {
    expect(problemsOf([[key, value]])).toEqual([problem(key, message)]);
  });

  it("accepts exactly 50 values for in", () => {
    const values = Array.from({ length: 50 }, (_, index) => index + 1);

    expect(conditionOf("where[gpu_count][in]", values.join(",")).value).toEqual(values);
  });

  it("reports every bad value of an in list", () => {
    expect(problemsOf("where[gpu_count][in]=1,x,2.5")).toEqual([
      problem("where[gpu_count][in]", 'value 2 "x" is not a whole number'),
      problem("where[gpu_count][in]", 'value 3 "2.5" is not a whole number'),
    ]);
  });

  it("names an unknown field and lists the allowed fields", () => {
    expect(problemsOf("where[gpu_name][equals]=h100")).toEqual([
      problem("where[gpu_name][equals]", `unknown field "gpu_name"; fields: ${Object.keys(INSTANCES).join(", ")}`),
    ]);
  });

  it("names an unknown operator and lists the operators", () => {
    expect(problemsOf("where[gpu_count][near]=8")).toEqual([
      problem("where[gpu_count][near]", `unknown operator "near"; operators: ${OPERATORS.join(", ")}`),
    ]);
  });

  it("refuses a text operator on a number field, naming the ones that apply", () => {
    expect(problemsOf("where[gpu_count][like]=8")).toEqual([
      problem("where[gpu_count][like]", 'operator "like" does not apply to integer field "gpu_count"'),
    ]);
  });

  it("reports an unknown field and an unknown operator in one key as two problems", () => {
    expect(problemsOf("where[gpu_name][matches]=h100")).toEqual([
      problem("where[gpu_name][matches]", 'unknown field "gpu_name"'),
      problem("where[gpu_name][matches]", 'unknown operator "matches"'),
    ]);
  });

  it("reads not_in, like, not_like, contains and all, and list values given as a qs array", () => {
    const parsed = parseListQuery(
      new URLSearchParams(
        "where[gpu_count][not_in][1]=8&where[gpu_count][not_in][0]=1" +
          "&where[instance_type][like]=h100 sxm&where[instance_type][contains]=80gb" +
          "&where[available_regions][all]=us-east-1,eu-west",
      ),
      INSTANCES,
    );
    expect(parsed.ok && parsed.query.where).toEqual([
      { field: "instance_type", type: "string", operator: "like", value: "h100 sxm" },
      { field: "instance_type", type: "string", operator: "contains", value: "80gb" },
      { field: "available_regions", type: "string_array", operator: "all", value: ["us-east-1", "eu-west"] },
      { field: "gpu_count", type: "integer", operator: "not_in", value: [1, 8] },
    ]);
  });

  it("refuses a qs array given beside a comma list of the same filter", () => {
    expect(problemsOf("where[gpu_count][in]=1,2&where[gpu_count][in][0]=4")).toEqual([
      problem("where[gpu_count][in]", "given twice"),
    ]);
  });

  it.each([
    [
      "where[is_active][less_than]",
      'operator "less_than" does not apply to boolean field "is_active"; use one of: equals, not_equals, exists',
    ],
    ["where[is_active][in]", 'operator "in" does not apply to boolean field "is_active"'],
    [
      "where[availability_status][greater_than]",
      'operator "greater_than" does not apply to enum field "availability_status"',
    ],
    [
      "where[gpu_model_id][less_than_equal]",
      'operator "less_than_equal" does not apply to uuid_or_slug field "gpu_model_id"',
    ],
    ["where[instance_type][greater_than_equal]", "does not apply to string field"],
    ["where[available_regions][less_than]", "does not apply to string_array field"],
  ])("rejects %s as meaningless for the field's type", (key, message) => {
    expect(problemsOf([[key, "true"]])).toEqual([problem(key, message)]);
  });

  it.each([
    "where",
    "where[price_per_gpu_hour]",
    "where[a][b][c]",
    "where]x[",
    "where[][equals]",
    "where[price_per_gpu_hour][]",
    "where[gpu_count][in][]",
  ])("rejects the malformed key %s", (key) => {
    expect(problemsOf([[key, "1"]])).toEqual([problem(key, "malformed filter; expected where[field][operator]=value")]);
  });

  it("reads and/or groups as Payload writes them, nested, lists as qs arrays inside", () => {
    const query = queryOf(
      qs.stringify({
        where: {
          gpu_count: { greater_than: 1 },
          or: [
            { price_per_gpu_hour: { less_than: 2 } },
            { and: [{ availability_status: { in: ["available", "limited"] } }, { is_active: { equals: true } }] },
          ],
        },
      }),
    );
    expect(query.where).toEqual([
      { field: "gpu_count", type: "integer", operator: "greater_than", value: 1 },
      {
        group: "or",
        elements: [
          [{ field: "price_per_gpu_hour", type: "number", operator: "less_than", value: 2 }],
          [
            {
              group: "and",
              elements: [
                [{ field: "availability_status", type: "enum", operator: "in", value: ["available", "limited"] }],
                [{ field: "is_active", type: "boolean", operator: "equals", value: true }],
              ],
            },
          ],
        ],
      },
    ]);
  });

  it("reads select[field] against the selectable fields and pagination=false as one capped page", () => {
    const options = { selectable: ["id", "instance_type", "gpu_count"] };
    const result = parseListQuery(
      new URLSearchParams("select[instance_type]=true&select[gpu_count]=false&pagination=false"),
      INSTANCES,
      options,
    );
    expect(result.ok && { select: result.query.select, limit: result.query.limit, page: result.query.page }).toEqual({
      select: ["instance_type"],
      limit: 1000,
      page: 1,
    });
    if (!result.ok) throw new Error("parses");
    const again = parseListQuery(new URLSearchParams(canonicalQuery(result.query)), INSTANCES, options);
    expect(again.ok && again.query).toEqual(result.query);
  });

  it("gives the same canonical query for the same groups in another order and numbering", () => {
    const a = queryOf("where[or][0][gpu_count][equals]=1&where[or][1][gpu_count][equals]=8");
    const b = queryOf("where[or][7][gpu_count][equals]=8&where[or][2][gpu_count][equals]=1");
    expect(canonicalQuery(a)).toBe(canonicalQuery(b));
    expect(queryOf(canonicalQuery(a))).toEqual(queryOf(canonicalQuery(b)));
    expect(canonicalQuery(queryOf(canonicalQuery(a)))).toBe(canonicalQuery(a));
  });

  it("refuses groups nested deeper than three, and malformed group keys", () => {
    const deep = "where[or][0][and][0][or][0][and][0][gpu_count][equals]";
    expect(problemsOf([[deep, "1"]])).toEqual([problem(deep, "nest at most 3 deep")]);
    expect(problemsOf([["where[or][gpu_count][equals]", "1"]])).toEqual([
      problem("where[or][gpu_count][equals]", "malformed filter"),
    ]);
  });

  it.each([
    ["where[gpu_count][equals]=8&where[gpu_count][equals]=8", "where[gpu_count][equals]", "given twice"],
    ["limit=10&limit=20", "limit", "given twice"],
    ["sort=gpu_count&sort=-gpu_count&sort=gpu_count", "sort", "given 3 times"],
  ])("rejects a parameter given more than once: %s", (search, parameter, message) => {
    expect(problemsOf(search)).toEqual([problem(parameter, message)]);
  });

  it("rejects an unknown top-level parameter", () => {
    expect(problemsOf("limit=10&gpu=h100")).toEqual([
      problem(
        "gpu",
        "unknown parameter; accepted: where[field][operator], sort, limit, page, depth, format, pagination",
      ),
    ]);
  });

  it("accepts and types the endpoint's extra parameters", () => {
    const options: ListQueryOptions = {
      extraParams: { include_spot: { type: "boolean" }, tier: { type: "enum", values: ["enterprise", "standard"] } },
    };

    expect(queryOf("include_spot=true&tier=standard", options).extra).toEqual({ include_spot: true, tier: "standard" });
    expect(problemsOf("tier=gold", options)).toEqual([problem("tier", '"gold" is not one of: enterprise, standard')]);
    expect(problemsOf("currency=EUR", options)).toEqual([
      problem(
        "currency",
        "accepted: where[field][operator], sort, limit, page, depth, format, pagination, select[field], include_spot, tier",
      ),
    ]);
  });

  it("does not treat inherited object properties as fields", () => {
    expect(problemsOf("where[constructor][equals]=x&where[__proto__][equals]=x&sort=toString")).toEqual([
      problem("where[constructor][equals]", 'unknown field "constructor"'),
      problem("where[__proto__][equals]", 'unknown field "__proto__"'),
      problem("sort", 'unknown field "toString"'),
    ]);
  });

  it("rejects more than 20 conditions", () => {
    const keys = Object.keys(INSTANCES).flatMap((field) => [`where[${field}][exists]`, `where[${field}][not_equals]`]);
    const search = keys.map((key) => [key, "true"] as [string, string]);

    expect(problemsOf(search)).toContainEqual(problem("where", "at most 20 conditions, got 22"));
  });

  it("reports every problem, not only the first", () => {
    expect(
      problemsOf(
        "where[gpu_count][less_than]=2.5&where[is_active][in]=true&sort=name&limit=0&page=abc&depth=3&format=xml&debug=1",
      ),
    ).toEqual([
      problem("where[gpu_count][less_than]", "is not a whole number"),
      problem("where[is_active][in]", "does not apply to boolean field"),
      problem("sort", 'unknown field "name"'),
      problem("limit", "must be a whole number from 1 to 100"),
      problem("page", "must be a whole number from 1 to 10000"),
      problem("depth", "must be a whole number from 0 to 2"),
      problem("format", '"xml" is not a format; use json or csv'),
      problem("debug", "unknown parameter"),
    ]);
  });

  it.each([
    ["where[price_per_gpu_hour][less_than]", "1;DROP TABLE instances", '"1;DROP TABLE instances" is not a number'],
    ["where[gpu_count][equals]", "1 OR 1=1", "is not a whole number"],
    ["where[gpu_model_id][equals]", "<script>alert(1)</script>", "is neither a UUID nor a slug"],
    ["where[gpu_model_id][equals]", "h100' OR '1'='1", "is neither a UUID nor a slug"],
    ["where[availability_status][equals]", "available'--", "is not one of"],
    ["where[../etc][equals]", "x", 'unknown field "../etc"'],
    ["where[price_per_gpu_hour;--][equals]", "1", 'unknown field "price_per_gpu_hour;--"'],
    ["where[gpu_count][equals) OR (1=1]", "1", "unknown operator"],
    ["sort", "price_per_gpu_hour;--", 'unknown field "price_per_gpu_hour;--"'],
    ["sort", "price_per_gpu_hour desc", "unknown field"],
  ])("turns the injection attempt %s=%j into a problem", (key, value, message) => {
    expect(problemsOf([[key, value]])).toEqual([problem(key, message)]);
  });

  it("refuses free text that is not a name or identifier", () => {
    expect(problemsOf([["where[instance_type][equals]", "x'; DROP TABLE instances;--"]])).toHaveLength(1);
  });
});

describe("parseListQuery sort", () => {
  it.each([
    ["gpu_count", [{ field: "gpu_count", direction: "asc" }]],
    ["-price_per_gpu_hour", [{ field: "price_per_gpu_hour", direction: "desc" }]],
    [
      "-gpu_count,price_per_gpu_hour,-last_scraped_at",
      [
        { field: "gpu_count", direction: "desc" },
        { field: "price_per_gpu_hour", direction: "asc" },
        { field: "last_scraped_at", direction: "desc" },
      ],
    ],
  ])("sort=%s", (sort, expected) => {
    expect(queryOf([["sort", sort]]).sort).toEqual(expected);
  });

  it("replaces the default sort when one is given", () => {
    const options: ListQueryOptions = { defaultSort: [{ field: "price_per_gpu_hour", direction: "asc" }] };

    expect(queryOf("sort=-gpu_count", options).sort).toEqual([{ field: "gpu_count", direction: "desc" }]);
  });

  const sortable =
    "sortable fields: price_per_gpu_hour, price_per_hour, price_per_hour_spot, gpu_count, last_scraped_at";
  it.each([
    ["gpu_name", [`unknown field "gpu_name"; ${sortable}`]],
    ["is_active", ['field "is_active" is not sortable']],
    ["", ["empty sort key"]],
    ["gpu_count,", ["empty sort key"]],
    ["-", ["empty sort key"]],
    ["gpu_count,-gpu_count", ['field "gpu_count" is sorted on twice']],
    ["gpu_count,price_per_hour,price_per_hour_spot,last_scraped_at", ["at most 3 sort keys, got 4"]],
    ["--gpu_count,is_active", ['unknown field "-gpu_count"', 'field "is_active" is not sortable']],
  ])("rejects sort=%j", (sort, messages) => {
    expect(problemsOf([["sort", sort]])).toEqual(messages.map((message) => problem("sort", message)));
  });
});

describe("parseListQuery paging", () => {
  it.each([
    ["limit=1", { limit: 1 }],
    ["limit=100", { limit: 100 }],
    ["page=10000", { page: 10_000 }],
    ["depth=0", { depth: 0 }],
    ["depth=2", { depth: 2 }],
    ["format=csv", { format: "csv" }],
  ])("accepts %s", (search, expected) => {
    expect(queryOf(search)).toMatchObject(expected);
  });

  it.each([
    ["limit", "0", 'must be a whole number from 1 to 100, got "0"'],
    ["limit", "101", "from 1 to 100"],
    ["limit", "-1", "from 1 to 100"],
    ["limit", "abc", "from 1 to 100"],
    ["limit", "2.5", "from 1 to 100"],
    ["limit", "", "from 1 to 100"],
    ["page", "0", "from 1 to 10000"],
    ["page", "10001", "from 1 to 10000"],
    ["page", "-2", "from 1 to 10000"],
    ["depth", "3", "from 0 to 2"],
    ["depth", "-1", "from 0 to 2"],
    ["format", "JSON", '"JSON" is not a format'],
  ])("rejects %s=%j", (key, value, message) => {
    expect(problemsOf([[key, value]])).toEqual([problem(key, message)]);
  });

  it("bounds limit by maxLimit", () => {
    expect(queryOf("limit=500", { maxLimit: 500 }).limit).toBe(500);
    expect(problemsOf("limit=26", { maxLimit: 25 })).toEqual([problem("limit", "from 1 to 25")]);
  });
});

describe("canonicalQuery", () => {
  const canonical = (search: string, options?: ListQueryOptions) => canonicalQuery(queryOf(search, options));

  it("writes every part explicitly, filters sorted by field and operator", () => {
    expect(canonical("where[price_per_gpu_hour][less_than]=3&where[availability_status][in]=limited,available")).toBe(
      "where[availability_status][in]=available,limited&where[price_per_gpu_hour][less_than]=3&limit=50&page=1&depth=2&format=json",
    );
  });

  it("gives the same string whatever the parameter order", () => {
    const a = canonical(
      "where[gpu_model_id][equals]=h100-sxm&where[gpu_count][in]=8,1&sort=-price_per_gpu_hour,gpu_count&limit=20&page=2",
    );
    const b = canonical(
      "page=2&limit=20&sort=-price_per_gpu_hour,gpu_count&where[gpu_count][in]=1,8,8&where[gpu_model_id][equals]=h100-sxm",
    );

    expect(a).toBe(b);
  });

  it.each([
    ["the spelling of a number", "where[price_per_gpu_hour][less_than]=3", "where[price_per_gpu_hour][less_than]=3.00"],
    ["the case of a UUID", `where[provider_id][equals]=${UUID}`, `where[provider_id][equals]=${UUID.toUpperCase()}`],
    [
      "the offset of a datetime",
      "where[last_scraped_at][greater_than]=2025-06-01T02:00%2B02:00",
      "where[last_scraped_at][greater_than]=2025-06-01",
    ],
    ["explicit defaults", "", "limit=50&page=1&depth=2&format=json"],
    ["percent-encoded brackets", "where[gpu_count][equals]=8", "where%5Bgpu_count%5D%5Bequals%5D=8"],
  ])("ignores %s", (_, a, b) => {
    expect(canonical(a)).toBe(canonical(b));
  });

  it("includes the default sort as if it were given", () => {
    const options: ListQueryOptions = { defaultSort: [{ field: "price_per_gpu_hour", direction: "asc" }] };

    expect(canonical("", options)).toBe(canonical("sort=price_per_gpu_hour", options));
    expect(canonical("", options)).toContain("sort=price_per_gpu_hour");
  });

  it.each([
    ["sort direction", "sort=gpu_count", "sort=-gpu_count"],
    ["sort order", "sort=gpu_count,price_per_hour", "sort=price_per_hour,gpu_count"],
    ["page", "page=1", "page=2"],
    ["operator", "where[gpu_count][less_than]=8", "where[gpu_count][less_than_equal]=8"],
    ["equals and in on one value", "where[instance_type][equals]=a", "where[instance_type][in]=a"],
  ])("tells queries apart by %s", (_, a, b) => {
    expect(canonical(a)).not.toBe(canonical(b));
  });

  it("parses back to the same query", () => {
    const search = `where[instance_type][equals]=8x%20H100%20SXM%20(more)&where[last_scraped_at][less_than]=2025-06-01T12:00Z&where[provider_id][in]=${UUID},lambda-labs&sort=-gpu_count&format=csv`;
    const query = queryOf(search);

    expect(queryOf(canonicalQuery(query))).toEqual({ ...query, where: expect.arrayContaining(query.where) });
    expect(canonicalQuery(queryOf(canonicalQuery(query)))).toBe(canonicalQuery(query));
  });
});
