import { z } from "zod";

/** What a tool answers: its structured content, or a message an agent can act on (`isError`). */
export type ToolAnswer<Value> = { ok: true; value: Value } | { ok: false; message: string };

export interface ToolContext {
  env: Env;
  now: Date;
}

/**
 * One MCP tool, described once: the server registers it from this and /llms.txt lists it from this.
 * `input` is validated by the SDK before `run`; `output`, where given, is the shape of the
 * structured content and is checked by the SDK before it is sent.
 */
export interface McpTool<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output?: Output;
  run(input: z.output<Input>, context: ToolContext): Promise<ToolAnswer<z.output<Output>>>;
}

export const found = <Value>(value: Value): ToolAnswer<Value> => ({ ok: true, value });
export const refused = (message: string): ToolAnswer<never> => ({ ok: false, message });

// The API's own slug rule (workers/http/validation.ts), so a tool refuses what a path would.
export const slugSchema = (what: string) =>
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, `a ${what} slug: lower-case letters, digits and dashes`);
