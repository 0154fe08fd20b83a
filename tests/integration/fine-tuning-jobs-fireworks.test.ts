// A fine-tuning job on Fireworks (account-scoped datasets that must turn READY, supervised jobs with
// JOB_STATE_* states) through the same poller, from start to a registered model.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createFineTuneAccount } from "@/lib/fine-tuning/accounts";
import { startFineTuneJob } from "@/lib/fine-tuning/start-job";
import { pollFineTuneJobs } from "@/lib/fine-tuning/poller";
import { readLineage } from "@/lib/fine-tuning/lineage";
import { startFakeFireworks, type FakeFireworks } from "../helpers/fake-finetune/fireworks";
import { seedDataset } from "../helpers/finetune-datasets";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const BASE = "accounts/fireworks/models/llama-v3p1-8b-instruct";
let fake: FakeFireworks;
let admin: Actor;

beforeAll(async () => {
  fake = await startFakeFireworks();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  await resetDatabase();
  admin = (await createUser({ role: "ADMIN" })).actor;
});

describe("a Fireworks job", () => {
  it("uploads the dataset once, trains to completion and registers the model disabled with its lineage", async () => {
    const provider = await db().provider.create({
      data: { type: "openai_compatible", name: "Fireworks serving", baseUrl: fake.url },
    });
    const { accountId } = await createFineTuneAccount(admin, {
      kind: "fireworks",
      name: "Fireworks",
      baseUrl: fake.url,
      apiKey: "fw-test-key-2468",
      fireworksAccountId: "flywheel-test",
      servingProviderId: provider.id,
    });
    const dataset = await seedDataset({ trainRows: 5 });
    const { jobId } = await startFineTuneJob(admin, {
      datasetId: dataset.id,
      credentials: `account:${accountId}`,
      baseModel: BASE,
      method: "sft",
      epochs: "1",
      learningRateMultiplier: "",
      learningRate: "0.0001",
      batchSize: "",
      loraRank: "8",
      beta: "",
      suffix: "",
      seed: "",
    });
    let row = await db().fineTuneJob.findUniqueOrThrow({ where: { id: jobId } });
    for (let i = 0; i < 25 && !["succeeded", "failed", "cancelled"].includes(row.status); i++) {
      await db().fineTuneJob.update({ where: { id: jobId }, data: { nextPollAt: new Date(Date.now() - 1) } });
      await pollFineTuneJobs({ owner: "fireworks-test", pollEveryMs: 0 });
      row = await db().fineTuneJob.findUniqueOrThrow({ where: { id: jobId } });
    }
    expect(row.error).toBeNull();
    expect(row.status).toBe("succeeded");
    expect(row.providerStatus).toMatch(/^JOB_STATE_/);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path.endsWith(":upload"))).toHaveLength(1);
    expect(fake.requests.every((r) => r.path.startsWith("/v1/accounts/flywheel-test/"))).toBe(true);
    const model = await db().modelConfig.findUniqueOrThrow({ where: { modelId: row.fineTunedModel! } });
    expect(model.enabled).toBe(false);
    expect(readLineage(model.lineage)).toMatchObject({
      baseModel: BASE,
      datasetSha256: dataset.sha256,
      jobId,
      method: "sft",
      hyperparameters: { epochs: 1, learningRate: 0.0001, loraRank: 8 },
    });
  });
});
