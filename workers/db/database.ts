import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

// Both drivers return node-postgres-shaped results (`rows`, `rowCount`), so query functions are
// written once against this type whichever driver sits underneath; a transaction is one too. It
// lives apart from the client factory so Node scripts can share the query functions.
export type Database = PgDatabase<NodePgQueryResultHKT, typeof schema>;
