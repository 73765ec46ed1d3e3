import { z } from "zod";
import { reliabilityTiers } from "../../../shared/domain";
import { withDb } from "../../db/client";
import { comparePrices, compareProviders } from "../../db/queries/compare";
import { found, type McpTool, refused, slugSchema } from "./tool";

// compare_providers: /api/compare-prices and /api/compare-providers behind one tool, by mode.

const compareInput = z
  .object({
    gpu: slugSchema("GPU model")
      .optional()
      .describe("GPU mode: a GPU model slug (e.g. h100-sxm); every provider's lowest price per GPU-hour for it"),
    tier: z.enum(reliabilityTiers).optional().describe("GPU mode only: providers of this reliability tier only"),
    include_spot: z.boolean().optional().describe("GPU mode only: also each provider's lowest spot price per GPU-hour"),
    max_price: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .describe("GPU mode only: leave out providers whose lowest on-demand price is above this many USD per GPU-hour"),
    providers: z
      .array(slugSchema("provider"))
      .length(2)
      .optional()
      .describe("Provider mode: exactly two provider slugs, compared on the GPUs both sell, with a verdict"),
  })
  .superRefine((input, context) => {
    if ((input.gpu === undefined) === (input.providers === undefined))
      context.addIssue({ code: "custom", message: "give either gpu or providers, not both or neither" });
    if (input.providers) {
      for (const option of ["tier", "include_spot", "max_price"] as const)
        if (input[option] !== undefined)
          context.addIssue({ code: "custom", path: [option], message: `${option} applies with gpu only` });
      if (input.providers[0] === input.providers[1])
        context.addIssue({ code: "custom", path: ["providers"], message: "two different providers" });
    }
  });

export const compareProvidersTool: McpTool<typeof compareInput> = {
  name: "compare_providers",
  title: "Compare providers",
  description:
    "Either one GPU's prices across every provider that sells it (gpu: lowest on-demand, spot and 1-year reserved USD per GPU-hour per provider, with min, max and median), or two providers head to head (providers: their prices on the GPUs both sell, and which is cheaper). Give exactly one of gpu or providers.",
  input: compareInput,
  run: async (input, { env, now }) => {
    if (input.gpu) {
      const gpuSlug = input.gpu;
      const body = await withDb(env, "fresh", (db) =>
        comparePrices(db, {
          gpuSlug,
          tier: input.tier,
          includeSpot: input.include_spot === true,
          maxPrice: input.max_price,
          now,
        }),
      );
      return body ? found(body) : refused(`No GPU model "${gpuSlug}". list_gpus names every GPU model.`);
    }
    const pair = input.providers as [string, string];
    const body = await withDb(env, "fresh", (db) => compareProviders(db, pair, now));
    if ("missing" in body) return refused(`No provider ${body.missing.map((slug) => `"${slug}"`).join(" or ")}.`);
    return found(body);
  },
};
