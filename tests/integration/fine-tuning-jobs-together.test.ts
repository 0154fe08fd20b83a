// A fine-tuning job on Together (its own /files/upload + /fine-tunes, statuses and events) through the
// same poller: DPO from start to success with registration, and a cancel Together confirms later.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createFineTuneAccount } from "@/lib/fine-tuning/accounts";
import { startFineTuneJob } from "@/lib/fine-tuning/start-job";
import { pollFineTuneJobs } from "@/lib/fine-tuning/poller";
import { cancelFineTuneJob } from "@/lib/fine-tuning/job-control";
import { readLineage } from "@/lib/fine-tuning/lineage";
import { startFakeTogether, type FakeTogether } from "../helpers/fake-finetune/together";
import { seedDataset } from "../helpers/finetune-datasets";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const BASE = "Qwen/Qwen2.5-7B-Instruct";
let fake: FakeTogether;
let admin: Actor;
let accountId: string;
let servingProviderId: string;

beforeAll(async () => {
  fake = await startFakeTogether();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  await resetDatabase();
  fake.requests.length = 0;
  admin = (await createUser({ role: "ADMIN" })).actor;
  servingProviderId = (
    await db().provider.create({
      data: { type: "openai_compatible", name: "Together serving", baseUrl: fake.url },
    })
  ).id;
  ({ accountId } = await createFineTuneAccount(admin, {
    kind: "together",
    name: "Together",
    baseUrl: fake.url,
    apiKey: "tgp-test-key-4321",
    servingProviderId,
  }));
});

const form = (datasetId: string) => ({
  datasetId,
  credentials: `account:${accountId}`,
  baseModel: BASE,
  method: "dpo",
  epochs: "2",
  learningRateMultiplier: "",
  learningRate: "0.00001",
  batchSize: "",
  loraRank: "16",
  beta: "0.1",
  suffix: "prefs",
  seed: "",
});

async function pollUntil(jobId: string, done: (status: string) => boolean, max = 25) {
  for (let i = 0; i < max; i++) {
    const row = await db().fineTuneJob.findUniqueOrThrow({ where: { id: jobId } });
    if (done(row.status)) return row;
    await db().fineTuneJob.update({ where: { id: jobId }, data: { nextPollAt: new Date(Date.now() - 1) } });
    await pollFineTuneJobs({ owner: "together-test", pollEveryMs: 0 });
  }
  return db().fineTuneJob.findUniqueOrThrow({ where: { id: jobId } });
}

describe("a Together job", () => {
  it("trains DPO from start to success, with events, losses and the model registered disabled", async () => {
    const dataset = await seedDataset({ format: "openai-dpo", trainRows: 12 });
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    const done = await pollUntil(jobId, (s) => ["succeeded", "failed", "cancelled"].includes(s));
    expect(done.status).toBe("succeeded");
    expect(done.providerStatus).toBe("completed");
    expect(done.providerJobId).toMatch(/^ft-/);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/files/upload")).toHaveLength(1);
    const created = fake.requests.find((r) => r.method === "POST" && r.path === "/v1/fine-tunes");
    expect(created?.json).toMatchObject({ model: BASE, n_epochs: 2, training_method: { method: "dpo" } });

    const events = await db().fineTuneEvent.findMany({ where: { jobId } });
    expect(events.some((e) => e.trainLoss !== null)).toBe(true);
    expect(new Set(events.map((e) => e.providerEventId)).size).toBe(events.length);

    const model = await db().modelConfig.findUniqueOrThrow({ where: { modelId: done.fineTunedModel! } });
    expect(model.enabled).toBe(false);
    expect(model.providerId).toBe(servingProviderId);
    expect(readLineage(model.lineage)).toMatchObject({
      baseModel: BASE,
      datasetSha256: dataset.sha256,
      jobId,
      method: "dpo",
      hyperparameters: { epochs: 2, learningRate: 0.00001, loraRank: 16, beta: 0.1 },
      trainedElsewhere: false,
    });
  });

  it("follows a cancel Together confirms later until it is cancelled", async () => {
    const dataset = await seedDataset({ format: "openai-dpo", trainRows: 12 });
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    await pollFineTuneJobs({ owner: "together-test", pollEveryMs: 0 });
    await cancelFineTuneJob(admin, { jobId });
    const done = await pollUntil(jobId, (s) => ["succeeded", "failed", "cancelled"].includes(s));
    expect(done.status).toBe("cancelled");
    expect(done.registeredModelId).toBeNull();
  });
});
