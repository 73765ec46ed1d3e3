// Reading PostgreSQL's `EXPLAIN (FORMAT JSON)` in tests that hold a query to its indexes.

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** Thrown to end a test's transaction after it has looked at its plans: nothing it made is kept. */
export class Rollback extends Error {}
