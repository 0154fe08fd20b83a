// Fine-tuning jobs end to end against the fake OpenAI fine-tuning service (tests/helpers/fake-finetune):
// starting a job, the poller's steps, leases, back-off, failures and registration of the result.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { createFineTuneAccount } from "@/lib/fine-tuning/accounts";
import { startFineTuneJob } from "@/lib/fine-tuning/start-job";
import { pollFineTuneJobs } from "@/lib/fine-tuning/poller";
import { cancelFineTuneJob, resumeFineTuneJob } from "@/lib/fine-tuning/job-control";
import { registerJobModel } from "@/lib/fine-tuning/register-model";
import { readLineage } from "@/lib/fine-tuning/lineage";
import { BACKOFF_FIRST_MS } from "@/lib/fine-tuning/backoff";
import { startFakeOpenAIFineTuning, type FakeOpenAIFineTuning } from "../helpers/fake-finetune/openai";
import { seedDataset } from "../helpers/finetune-datasets";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const BASE = "gpt-4o-mini-2024-07-18";
const KEY = "sk-test-fine-tuning-1234";
let fake: FakeOpenAIFineTuning;
let admin: Actor;
let otherAdmin: Actor;
let accountId: string;
let servingProviderId: string;

beforeAll(async () => {
  fake = await startFakeOpenAIFineTuning();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  await resetDatabase();
  fake.requests.length = 0;
  fake.setControls({
    apiKey: KEY,
    revoked: undefined,
    down: undefined,
    rateLimit: undefined,
    refuseCreate: undefined,
    failNextJob: undefined,
  });
  admin = (await createUser({ role: "ADMIN" })).actor;
  otherAdmin = (await createUser({ role: "ADMIN" })).actor;
  // The provider in Admin → Models that serves the results, with the base model registered (priced).
  const provider = await db().provider.create({
    data: { type: "openai_compatible", name: "Serving", baseUrl: fake.url },
  });
  servingProviderId = provider.id;
  await db().modelConfig.create({
    data: {
      providerId: provider.id,
      modelId: BASE,
      upstreamId: BASE,
      displayName: "Base",
      contextWindow: 128000,
      maxOutputTokens: 16384,
      inputPricePerMTok: 0.3,
      outputPricePerMTok: 1.2,
    },
  });
  ({ accountId } = await createFineTuneAccount(admin, {
    kind: "openai-compatible",
    name: "Trainer",
    baseUrl: fake.url,
    apiKey: KEY,
    servingProviderId,
  }));
});

const form = (datasetId: string, extra: Record<string, unknown> = {}) => ({
  datasetId,
  credentials: `account:${accountId}`,
  baseModel: BASE,
  method: "sft",
  epochs: "2",
  learningRateMultiplier: "",
  learningRate: "",
  batchSize: "",
  loraRank: "",
  beta: "",
  suffix: "support",
  seed: "7",
  ...extra,
});

const requestsTo = (method: string, pathname: string) =>
  fake.requests.filter((r) => r.method === method && r.path === pathname).length;

async function job(jobId: string) {
  return db().fineTuneJob.findUniqueOrThrow({ where: { id: jobId } });
}

/** Makes the job due now, as the clock would after its wait. */
async function due(jobId: string) {
  await db().fineTuneJob.update({ where: { id: jobId }, data: { nextPollAt: new Date(Date.now() - 1) } });
}

/** Rounds of the poller (owner "a") until the job is final, at most `max`. */
async function pollUntilFinal(jobId: string, owner = "a", max = 20) {
  for (let i = 0; i < max; i++) {
    const row = await job(jobId);
    if (["succeeded", "failed", "cancelled"].includes(row.status)) return row;
    await due(jobId);
    await pollFineTuneJobs({ owner, pollEveryMs: 0 });
  }
  return job(jobId);
}

async function expectAppError(work: Promise<unknown>, code: string, field?: string) {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect((error as AppError).fieldErrors?.[field]).toBeTruthy();
  return error as AppError;
}

describe("a fine-tuning job from start to success", () => {
  it("uploads once, creates the job, stores events and losses, and registers the model disabled with its lineage", async () => {
    const dataset = await seedDataset({ trainRows: 12, validationRows: 3 });
    const { jobId, existing } = await startFineTuneJob(admin, form(dataset.id));
    expect(existing).toBe(false);
    // Nothing reached the provider during the request.
    expect(fake.requests).toHaveLength(0);
    expect((await job(jobId)).status).toBe("uploading");
    const version = (await db().registryState.findUnique({ where: { id: 1 } }))?.version ?? 0;

    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("succeeded");
    expect(done.providerStatus).toBe("succeeded");
    expect(done.trainingFileId).toMatch(/^file-/);
    expect(done.validationFileId).toMatch(/^file-/);
    expect(done.fineTunedModel).toMatch(/^ft:/);
    expect(done.finishedAt).not.toBeNull();
    expect(requestsTo("POST", "/v1/files")).toBe(2);
    expect(requestsTo("POST", "/v1/fine_tuning/jobs")).toBe(1);
    const created = fake.requests.find((r) => r.path === "/v1/fine_tuning/jobs" && r.method === "POST");
    expect(created?.json).toMatchObject({ model: BASE, suffix: "support", seed: 7 });

    const events = await db().fineTuneEvent.findMany({ where: { jobId }, orderBy: { createdAt: "asc" } });
    expect(events.length).toBeGreaterThanOrEqual(4);
    const metrics = events.filter((e) => e.trainLoss !== null);
    expect(metrics.length).toBeGreaterThanOrEqual(1);
    expect(metrics.every((e) => e.step !== null)).toBe(true);
    expect(new Set(events.map((e) => e.providerEventId)).size).toBe(events.length);

    // Registered, disabled, with lineage and the base model's figures, through the registry's path.
    expect(done.registeredModelId).toBe(done.fineTunedModel);
    const model = await db().modelConfig.findUniqueOrThrow({ where: { modelId: done.fineTunedModel! } });
    expect(model.enabled).toBe(false);
    expect(model.providerId).toBe(servingProviderId);
    expect(model.contextWindow).toBe(128000);
    expect(model.inputPricePerMTok).toBe(0.3);
    expect(readLineage(model.lineage)).toMatchObject({
      baseModel: BASE,
      datasetId: dataset.id,
      datasetSha256: dataset.sha256,
      jobId,
      method: "sft",
      hyperparameters: { epochs: 2 },
      trainedElsewhere: false,
    });
    const after = (await db().registryState.findUnique({ where: { id: 1 } }))?.version ?? 0;
    expect(after).toBeGreaterThan(version);
    const audit = await db().auditLog.findMany({ where: { targetId: { in: [jobId, model.modelId] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["finetuneJob.create", "model.create"]);
  });

  it("waits for an admin to pick the serving provider when none is known, then registers on Register", async () => {
    await db().fineTuneAccount.update({ where: { id: accountId }, data: { servingProviderId: null } });
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("succeeded");
    expect(done.registeredModelId).toBeNull();
    const { modelId } = await registerJobModel(admin, { jobId, providerId: servingProviderId });
    expect(modelId).toBe(done.fineTunedModel);
    const model = await db().modelConfig.findUniqueOrThrow({ where: { modelId } });
    expect(model.enabled).toBe(false);
    expect((await job(jobId)).registeredModelId).toBe(modelId);
  });
});

describe("the poller across instances and restarts", () => {
  it("runs each step once when two instances poll at the same moment", async () => {
    const dataset = await seedDataset({ trainRows: 12, validationRows: 2 });
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    for (let i = 0; i < 20; i++) {
      const row = await job(jobId);
      if (row.status === "succeeded") break;
      await due(jobId);
      const [a, b] = await Promise.all([
        pollFineTuneJobs({ owner: "instance-a", pollEveryMs: 0 }),
        pollFineTuneJobs({ owner: "instance-b", pollEveryMs: 0 }),
      ]);
      // One of them got the job, never both.
      expect(a.length + b.length).toBeLessThanOrEqual(1);
    }
    expect((await job(jobId)).status).toBe("succeeded");
    expect(requestsTo("POST", "/v1/files")).toBe(2);
    expect(requestsTo("POST", "/v1/fine_tuning/jobs")).toBe(1);
    expect(await db().modelConfig.count({ where: { lineage: { path: ["jobId"], equals: jobId } } })).toBe(1);
  });

  it("picks up after a restart mid-way without uploading again", async () => {
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    // The first instance uploads, then the provider drops before the job is created (the process
    // might as well have died here): the file id is already stored.
    const stepping = pollFineTuneJobs({ owner: "first", pollEveryMs: 0 });
    while (requestsTo("POST", "/v1/files") === 0) await new Promise((r) => setTimeout(r, 1));
    fake.setControls({ down: "503" });
    await stepping;
    const midway = await job(jobId);
    expect(midway.trainingFileId).toMatch(/^file-/);
    expect(midway.providerJobId).toBeNull();
    expect(midway.leaseOwner).toBeNull();

    // A lease left behind by a crashed instance runs out and the job is claimable again.
    await db().fineTuneJob.update({
      where: { id: jobId },
      data: { leaseOwner: "crashed", leaseUntil: new Date(Date.now() + 60_000) },
    });
    fake.setControls({ down: undefined });
    await due(jobId);
    expect(await pollFineTuneJobs({ owner: "restarted", pollEveryMs: 0 })).toEqual([]);
    await db().fineTuneJob.update({ where: { id: jobId }, data: { leaseUntil: new Date(Date.now() - 1) } });

    const done = await pollUntilFinal(jobId, "restarted");
    expect(done.status).toBe("succeeded");
    expect(requestsTo("POST", "/v1/files")).toBe(1);
    // The create refused while the provider was down, then the one that made the job.
    expect(requestsTo("POST", "/v1/fine_tuning/jobs")).toBe(2);
    expect([...fake.jobs.values()].filter((j) => j.training_file === midway.trainingFileId)).toHaveLength(1);
    expect(done.trainingFileId).toBe(midway.trainingFileId);
  });
});

describe("back-off and failures", () => {
  async function createdJob() {
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 });
    const row = await job(jobId);
    expect(row.providerJobId).toMatch(/^ftjob-/);
    return { jobId, providerJobId: row.providerJobId! };
  }

  it("backs off exponentially while the provider is down, then recovers", async () => {
    const { jobId } = await createdJob();
    fake.setControls({ down: "503" });
    await due(jobId);
    let before = Date.now();
    await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 });
    let row = await job(jobId);
    expect(row.pollFailures).toBe(1);
    expect(row.status).not.toBe("failed");
    expect(row.nextPollAt.getTime() - before).toBeGreaterThanOrEqual(BACKOFF_FIRST_MS - 50);
    // Not due yet: the next round leaves it alone.
    expect(await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 })).toEqual([]);

    await due(jobId);
    before = Date.now();
    await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 });
    row = await job(jobId);
    expect(row.pollFailures).toBe(2);
    expect(row.nextPollAt.getTime() - before).toBeGreaterThanOrEqual(2 * BACKOFF_FIRST_MS - 50);

    fake.setControls({ down: "close" });
    await due(jobId);
    await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 });
    expect((await job(jobId)).pollFailures).toBe(3);

    fake.setControls({ down: undefined });
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("succeeded");
    expect(done.pollFailures).toBe(0);
  });

  it("respects a 429's retry-after", async () => {
    const { jobId } = await createdJob();
    fake.setControls({ rateLimit: { times: 1, retryAfterSeconds: 120 } });
    await due(jobId);
    const before = Date.now();
    await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 });
    const row = await job(jobId);
    expect(row.pollFailures).toBe(1);
    expect(row.status).not.toBe("failed");
    expect(row.nextPollAt.getTime() - before).toBeGreaterThanOrEqual(119_000);
  });

  it("marks a job cancelled on the provider's side as cancelled", async () => {
    const { jobId, providerJobId } = await createdJob();
    fake.cancelOnProvider(providerJobId);
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("cancelled");
    expect(done.finishedAt).not.toBeNull();
  });

  it("fails with a plain message when the credentials are revoked, and resumes once they are fixed", async () => {
    const { jobId } = await createdJob();
    fake.setControls({ revoked: true });
    const failed = await pollUntilFinal(jobId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^The provider refused the credentials/);
    expect(failed.error).toContain("Resume polling");
    // Final: the poller leaves it alone.
    await due(jobId);
    expect(await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 })).toEqual([]);

    fake.setControls({ revoked: undefined });
    await resumeFineTuneJob(admin, { jobId });
    const resumed = await job(jobId);
    expect(resumed.status).toBe("running");
    expect(resumed.error).toBeNull();
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("succeeded");
    expect((await db().auditLog.findMany({ where: { targetId: jobId } })).map((a) => a.action)).toContain(
      "finetuneJob.resume",
    );
  });

  it("fails with the provider's own words when it refuses to create jobs (403)", async () => {
    fake.setControls({ refuseCreate: "Fine-tuning is no longer available for new jobs." });
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("Fine-tuning is no longer available for new jobs.");
    expect(done.error).not.toMatch(/at .*\.ts|Error:/);
    expect(done.providerJobId).toBeNull();
  });

  it("shows the provider's message when the training itself fails", async () => {
    fake.setControls({ failNextJob: "The job failed due to an invalid training file." });
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    const done = await pollUntilFinal(jobId);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("invalid training file");
  });

  it("cancels on the provider when an admin presses Cancel", async () => {
    const { jobId } = await createdJob();
    const { status } = await cancelFineTuneJob(admin, { jobId });
    expect(status).toBe("cancelled");
    expect(requestsTo("POST", `/v1/fine_tuning/jobs/${(await job(jobId)).providerJobId}/cancel`)).toBe(1);
    expect((await job(jobId)).status).toBe("cancelled");
    await expectAppError(cancelFineTuneJob(admin, { jobId }), "CONFLICT");
    expect((await db().auditLog.findMany({ where: { targetId: jobId } })).map((a) => a.action)).toContain(
      "finetuneJob.cancel",
    );
  });

  it("cancels a job still uploading without creating anything on the provider", async () => {
    const dataset = await seedDataset();
    const { jobId } = await startFineTuneJob(admin, form(dataset.id));
    await cancelFineTuneJob(admin, { jobId });
    await due(jobId);
    expect(await pollFineTuneJobs({ owner: "a", pollEveryMs: 0 })).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("starting a job", () => {
  it("refuses a dataset too small for the provider before anything is uploaded", async () => {
    const dataset = await seedDataset({ trainRows: 3 });
    const error = await expectAppError(startFineTuneJob(admin, form(dataset.id)), "VALIDATION", "datasetId");
    expect(error.message).toMatch(/10/);
    expect(await db().fineTuneJob.count()).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a flagged dataset with the reason", async () => {
    const dataset = await seedDataset({ flagged: true });
    const error = await expectAppError(startFineTuneJob(admin, form(dataset.id)), "VALIDATION", "datasetId");
    expect(error.message).toMatch(/withdrawn data/);
    expect(await db().fineTuneJob.count()).toBe(0);
  });

  it("refuses a format no service trains on, and a method the dataset is not for", async () => {
    const trl = await seedDataset({ format: "trl-sft" });
    await expectAppError(startFineTuneJob(admin, form(trl.id)), "VALIDATION", "datasetId");
    const sft = await seedDataset();
    await expectAppError(startFineTuneJob(admin, form(sft.id, { method: "dpo" })), "VALIDATION", "method");
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    const dataset = await seedDataset();
    await expectAppError(
      startFineTuneJob(admin, form(dataset.id, { epochs: "two" })),
      "VALIDATION",
      "epochs",
    );
    await expectAppError(
      startFineTuneJob(admin, form(dataset.id, { baseModel: "" })),
      "VALIDATION",
      "baseModel",
    );
    await expectAppError(
      startFineTuneJob(admin, form(dataset.id, { suffix: "no spaces!" })),
      "VALIDATION",
      "suffix",
    );
    await expectAppError(
      startFineTuneJob(admin, form(dataset.id, { credentials: "nobody" })),
      "VALIDATION",
      "credentials",
    );
    expect(await db().fineTuneJob.count()).toBe(0);
  });

  it("starts one job when two admins start the same one at once", async () => {
    const dataset = await seedDataset();
    const [a, b] = await Promise.all([
      startFineTuneJob(admin, form(dataset.id)),
      startFineTuneJob(otherAdmin, form(dataset.id)),
    ]);
    expect(a.jobId).toBe(b.jobId);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    expect(await db().fineTuneJob.count()).toBe(1);
    // A different request is a different job.
    const c = await startFineTuneJob(admin, form(dataset.id, { epochs: "3" }));
    expect(c.jobId).not.toBe(a.jobId);
  });
});
