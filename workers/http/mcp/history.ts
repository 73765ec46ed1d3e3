import { z } from "zod";
import { withDb } from "../../db/client";
import { gpuModelHistory, instanceHistory } from "../../db/queries/history";
import { found, type McpTool, refused, slugSchema } from "./tool";

// price_history: /api/gpu-models/:slug/history or /api/instances/:id/history, by argument.

const historyInput = z
  .object({
    gpu: slugSchema("GPU model")
      .optional()
      .describe("A GPU model slug: its daily min/avg/max USD per GPU-hour at each provider"),
    offer_id: z
      .guid()
      .optional()
      .describe("An offer's id (from search_offers or cheapest_offer): its daily USD per GPU-hour"),
    days: z
      .literal([30, 90, 365])
      .default(30)
      .describe("How many days back: 30, 90 or 365 (older days from the daily rollup)"),
  })
  .refine((input) => (input.gpu === undefined) !== (input.offer_id === undefined), {
    message: "give either gpu or offer_id, not both or neither",
  });

export const priceHistoryTool: McpTool<typeof historyInput> = {
  name: "price_history",
  title: "Price history",
  description:
    "Daily price history (min, average and max USD per GPU-hour per day) of a GPU model at each provider, or of one offer, over the last 30, 90 or 365 days. Give exactly one of gpu or offer_id.",
  input: historyInput,
  run: async (input, { env, now }) => {
    if (input.gpu) {
      const gpuSlug = input.gpu;
      const history = await withDb(env, "fresh", (db) => gpuModelHistory(db, gpuSlug, input.days, now));
      return history ? found(history) : refused(`No GPU model "${gpuSlug}". list_gpus names every GPU model.`);
    }
    const id = (input.offer_id as string).toLowerCase();
    const history = await withDb(env, "fresh", (db) => instanceHistory(db, id, input.days, now));
    if (!history.found) return refused(`No offer "${id}". search_offers gives offer ids.`);
    return found({ offer_id: id, days: input.days, points: history.points });
  },
};
