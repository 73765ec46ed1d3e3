import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import { withDb } from "../db/client";
import { instances } from "../db/schema";
import worker from "../index";
import { createInstance, createProvider } from "../testing/factories";
import { CRON_JOBS } from "./schedule";

async function fire(cron: string, scheduledTime: number) {
  await worker.scheduled(createScheduledController({ cron, scheduledTime }), env);
}

describe("scheduled handler", () => {
  it("plans the nightly cleanup, which the maintenance consumer then carries out", async () => {
    const staleId = await withDb(env, "fresh", async (db) => {
      const provider = await createProvider(db);
      return (await createInstance(db, provider.id, { lastScrapedAt: new Date(Date.now() - 30 * 3_600_000) })).id;
    });
    await fire("0 3 * * *", Date.now());
    await vi.waitFor(
      async () => {
        const [row] = await withDb(env, "fresh", (db) => db.select().from(instances).where(eq(instances.id, staleId)));
        expect(row).toMatchObject({ isActive: false, availabilityStatus: "deprecated" });
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it("enqueues one message per job, stamped with the cron's scheduled time", async () => {
    const send = vi.spyOn(env.MAINTENANCE_QUEUE, "sendBatch");
    const scheduledTime = Date.UTC(2026, 10, 22, 4, 0, 0);
    await fire("0 4 * * 0", scheduledTime);
    expect(send).toHaveBeenCalledWith([
      { body: { job: "purge-price-history", scheduledTime: "2026-11-22T04:00:00.000Z" } },
    ]);
    send.mockRestore();
  });

  it("enqueues nothing for a cron it has no job for", async () => {
    const send = vi.spyOn(env.MAINTENANCE_QUEUE, "sendBatch");
    await fire("*/7 * * * *", Date.now());
    expect(send).not.toHaveBeenCalled();
    send.mockRestore();
  });

  it("has a job for exactly the crons wrangler.toml declares", () => {
    const triggers = /\[triggers\]\s*crons\s*=\s*\[([^\]]*)\]/.exec(wranglerToml)?.[1] ?? "";
    const declared = [...triggers.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    expect(declared.sort()).toEqual(Object.keys(CRON_JOBS).sort());
  });
});
