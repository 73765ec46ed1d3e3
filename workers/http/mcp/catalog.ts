import { z } from "zod";
import { gpuArchitectures } from "../../../shared/domain";
import { parseListQuery } from "../../../shared/query-grammar";
import { withDb } from "../../db/client";
import { GPU_MODEL_DEFAULT_SORT, GPU_MODEL_FIELDS, listGpuModels } from "../../db/queries/catalog";
import { found, type McpTool, refused } from "./tool";

// list_gpus: /api/gpu-models?pagination=false, in the API's own grammar.

const gpusInput = z.object({
  manufacturer: z.string().min(1).max(50).optional().describe("A manufacturer, any case, e.g. NVIDIA or AMD"),
  architecture: z.enum(gpuArchitectures).optional().describe("A GPU architecture, e.g. hopper or blackwell"),
  min_vram_gb: z.int().min(1).max(32_767).optional().describe("Only GPUs with at least this many GB of memory"),
});

const gpuSchema = z.object({
  slug: z.string().describe("The GPU model's slug, which the other tools take as gpu"),
  name: z.string(),
  manufacturer: z.string(),
  architecture: z.enum(gpuArchitectures),
  vram_gb: z.int(),
  memory_type: z.string(),
  memory_bandwidth_gbps: z.int().nullable(),
  fp16_tflops: z.number().nullable(),
  fp8_tflops: z.number().nullable(),
  form_factor: z.string().nullable(),
  interconnect: z.string().nullable(),
  generation_year: z.int().nullable(),
  is_datacenter: z.boolean(),
  use_cases: z.array(z.string()),
});
const gpusOutput = z.object({ gpus: z.array(gpuSchema) });

export const listGpusTool: McpTool<typeof gpusInput, typeof gpusOutput> = {
  name: "list_gpus",
  title: "List GPU models",
  description:
    "The GPU models in the catalogue with their specifications and slugs (the gpu argument of the other tools), by name.",
  input: gpusInput,
  output: gpusOutput,
  run: async (input, { env }) => {
    const params = new URLSearchParams({ pagination: "false" });
    if (input.manufacturer) params.set("where[manufacturer][like]", input.manufacturer);
    if (input.architecture) params.set("where[architecture][equals]", input.architecture);
    if (input.min_vram_gb !== undefined) params.set("where[vram_gb][greater_than_equal]", String(input.min_vram_gb));
    const parsed = parseListQuery(params, GPU_MODEL_FIELDS, { defaultSort: GPU_MODEL_DEFAULT_SORT });
    // Only manufacturer is free text; the grammar refuses what a name cannot hold (markup, quotes).
    if (!parsed.ok) return refused(`manufacturer: ${parsed.problems.map((problem) => problem.message).join("; ")}`);
    const { query } = parsed;
    const page = await withDb(env, "cached", (db) => listGpuModels(db, query));
    return found({
      // The schema keeps the fields it names and drops the rest of the document.
      gpus: page.docs.map((gpu) => gpuSchema.parse({ ...gpu, use_cases: gpu.use_cases ?? [] })),
    });
  },
};
