import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/fine-tuning/adapters";
import { createFireworksAdapter } from "@/lib/fine-tuning/adapters/fireworks";
import type { FineTuneCredentials, JobSnapshot } from "@/lib/fine-tuning/adapters/types";
import { dpoFile, sftFile } from "../helpers/fake-finetune/dataset-files";
import { caught, thrown } from "../helpers/fake-finetune/errors";
import { startFakeFireworks, type FakeFireworks } from "../helpers/fake-finetune/fireworks";
import { DEFAULT_CONTROLS } from "../helpers/fake-finetune/server";

// The Fireworks adapter against a fake following Fireworks' documented shapes: account-scoped
// datasets, supervisedFineTuningJobs and dpoJobs, JOB_STATE_* values, Google-style errors.
let fake: FakeFireworks;
let credentials: FineTuneCredentials;
// Same adapter as adapterFor("fireworks"), polling a dataset every 10 ms instead of every second.
const adapter = createFireworksAdapter({ datasetPollMs: 10, datasetWaitMs: 300 });
const BASE = "accounts/fireworks/models/llama-v3p1-8b-instruct";
const KEY = "fw-test-key";
const ACCOUNT = "flywheel-lab";

beforeAll(async () => {
  fake = await startFakeFireworks();
  credentials = { kind: "fireworks", baseUrl: fake.url, apiKey: KEY, accountId: ACCOUNT };
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.datasetReads.untilReady = 1;
  fake.setControls({ ...DEFAULT_CONTROLS, apiKey: KEY });
});

async function startJob(method: "sft" | "dpo" = "sft") {
  const dataset = await adapter.uploadFile(credentials, method === "dpo" ? dpoFile(3) : sftFile(3));
  return adapter.createJob(credentials, {
    baseModel: BASE,
    method,
    trainingFileId: dataset,
    hyperparameters: { epochs: 2, learningRate: 0.0001, loraRank: 8 },
    suffix: "support-bot",
  });
}

async function pollToEnd(jobId: string): Promise<JobSnapshot[]> {
  const seen: JobSnapshot[] = [];
  for (let i = 0; i < 20; i++) {
    const snapshot = await adapter.getJob(credentials, jobId);
    seen.push(snapshot);
    if (["succeeded", "failed", "cancelled"].includes(snapshot.state)) break;
  }
  return seen;
}

describe("Fireworks adapter: datasets and jobs", () => {
  it("creates a dataset, uploads the file to it and waits until it is READY (through adapterFor)", async () => {
    const file = sftFile(4, "fireworks-sft.train.jsonl");
    const name = await adapterFor("fireworks").uploadFile(credentials, file);
    expect(name).toMatch(
      new RegExp(`^accounts/${ACCOUNT}/datasets/flywheel-fireworks-sft-train-[0-9a-f]{8}$`),
    );
    const paths = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      `POST /v1/accounts/${ACCOUNT}/datasets`,
      `POST /v1/${name}:upload`,
      `GET /v1/${name}`,
      `GET /v1/${name}`,
    ]);
    expect(fake.requests[0]!.json).toMatchObject({
      datasetId: name.split("/").pop(),
      dataset: { userUploaded: {} },
    });
    expect(fake.requests[1]!.form?.file).toMatchObject({
      filename: "fireworks-sft.train.jsonl",
      size: file.bytes,
    });
    expect(fake.datasets.get(name)).toMatchObject({ state: "READY", exampleCount: 4 });
  });

  it("gives up waiting for a dataset that never gets ready, as unavailable", async () => {
    fake.datasetReads.untilReady = 1000;
    const error = await caught(adapter.uploadFile(credentials, sftFile(3)));
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe("Fireworks is still processing the dataset (UPLOADING); try again later.");
  });

  it("creates a supervisedFineTuningJob and follows JOB_STATE_* to COMPLETED with its output model", async () => {
    const created = await startJob();
    expect(created).toMatchObject({
      state: "queued",
      providerStatus: "JOB_STATE_CREATING",
      fineTunedModel: null,
    });
    expect(created.providerJobId).toMatch(new RegExp(`^accounts/${ACCOUNT}/supervisedFineTuningJobs/`));
    const body = fake.requests.find((r) => r.path.endsWith("/supervisedFineTuningJobs"))!.json;
    expect(body).toMatchObject({
      displayName: "support-bot",
      baseModel: BASE,
      outputModel: `accounts/${ACCOUNT}/models/support-bot`,
      epochs: 2,
      learningRate: 0.0001,
      loraRank: 8,
    });
    const seen = await pollToEnd(created.providerJobId);
    expect(seen.map((s) => s.providerStatus)).toEqual([
      "JOB_STATE_VALIDATING",
      "JOB_STATE_RUNNING",
      "JOB_STATE_RUNNING",
      "JOB_STATE_RUNNING",
      "JOB_STATE_WRITING_RESULTS",
      "JOB_STATE_COMPLETED",
    ]);
    expect(seen.map((s) => s.state)).toEqual([
      "validating",
      "running",
      "running",
      "running",
      "running",
      "succeeded",
    ]);
    expect(seen.at(-1)!.fineTunedModel).toBe(`accounts/${ACCOUNT}/models/support-bot`);
  });

  it("creates a DPO job on the dpoJobs resource with its settings in trainingConfig", async () => {
    const created = await startJob("dpo");
    expect(created.providerJobId).toMatch(new RegExp(`^accounts/${ACCOUNT}/dpoJobs/`));
    const body = fake.requests.find((r) => r.path.endsWith("/dpoJobs"))!.json as Record<string, unknown>;
    expect(body.trainingConfig).toEqual({
      baseModel: BASE,
      outputModel: `accounts/${ACCOUNT}/models/support-bot`,
      epochs: 2,
      learningRate: 0.0001,
      loraRank: 8,
    });
    expect(body.baseModel).toBeUndefined();
    const last = (await pollToEnd(created.providerJobId)).at(-1)!;
    expect(last).toMatchObject({
      state: "succeeded",
      fineTunedModel: `accounts/${ACCOUNT}/models/support-bot`,
    });
  });

  it("makes events from the job's progress and state, with ids stable across polls", async () => {
    // Reading the events reads the job, which moves the fake's job on one state like any read.
    const created = await startJob();
    await adapter.getJob(credentials, created.providerJobId);
    await adapter.getJob(credentials, created.providerJobId);
    const first = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(first.map((e) => e.id)).toEqual(["created", "progress-66", "state-JOB_STATE_RUNNING"]);
    expect(first[1]!.message).toBe("Training 66% done (epoch 2)");
    expect(first.every((e) => e.trainLoss == null)).toBe(true);
    const none = await adapter.listEvents(credentials, created.providerJobId, "state-JOB_STATE_RUNNING");
    expect(none).toEqual([]);
    await pollToEnd(created.providerJobId);
    const last = await adapter.listEvents(credentials, created.providerJobId, "state-JOB_STATE_RUNNING");
    expect(last.map((e) => e.id)).toEqual(["created", "progress-100", "state-JOB_STATE_COMPLETED"]);
  });

  it("cancels through :cancel (CANCELLING, still followed, then CANCELLED); reads a provider-side cancel", async () => {
    const first = await startJob();
    const asked = await adapter.cancelJob(credentials, first.providerJobId);
    expect(asked).toMatchObject({ state: "running", providerStatus: "JOB_STATE_CANCELLING" });
    expect(fake.requests.at(-1)!.path).toBe(`/v1/${first.providerJobId}:cancel`);
    expect(await adapter.getJob(credentials, first.providerJobId)).toMatchObject({ state: "cancelled" });
    const second = await startJob();
    fake.cancelOnProvider(second.providerJobId);
    expect((await adapter.getJob(credentials, second.providerJobId)).providerStatus).toBe(
      "JOB_STATE_CANCELLED",
    );
  });

  it("reports a failed job with status.message, as an error event too", async () => {
    fake.setControls({ failNextJob: "Dataset row 2 has no assistant turn." });
    const created = await startJob();
    const last = (await pollToEnd(created.providerJobId)).at(-1)!;
    expect(last).toMatchObject({ state: "failed", error: "Dataset row 2 has no assistant turn." });
    const events = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(events.at(-1)).toMatchObject({
      level: "error",
      message: "JOB_STATE_FAILED: Dataset row 2 has no assistant turn.",
    });
  });

  it("maps an unknown state to running, and EARLY_STOPPED to succeeded", async () => {
    const created = await startJob();
    fake.jobs.get(created.providerJobId)!.ahead = ["JOB_STATE_SOMETHING_NEW", "JOB_STATE_EARLY_STOPPED"];
    expect(await adapter.getJob(credentials, created.providerJobId)).toMatchObject({
      state: "running",
      providerStatus: "JOB_STATE_SOMETHING_NEW",
    });
    expect((await adapter.getJob(credentials, created.providerJobId)).state).toBe("succeeded");
  });
});

describe("Fireworks adapter: failures", () => {
  it("a missing account id is refused before any request", async () => {
    const error = await caught(adapter.uploadFile({ ...credentials, accountId: null }, sftFile(3)));
    expect(error).toMatchObject({ code: "invalid_input", field: "accountId" });
    expect(fake.requests).toHaveLength(0);
  });

  it("revoked key → unauthorized; 403 → refused; unknown job → not_found, with Fireworks' messages", async () => {
    const created = await startJob();
    fake.setControls({ revoked: true });
    expect(await caught(adapter.getJob(credentials, created.providerJobId))).toMatchObject({
      code: "unauthorized",
      message: "Fireworks: The API key was revoked.",
    });
    fake.setControls({ revoked: false, refuseCreate: "Fine-tuning is not enabled for this account." });
    const dataset = await adapter.uploadFile(credentials, sftFile(3));
    expect(
      await caught(
        adapter.createJob(credentials, {
          baseModel: BASE,
          method: "sft",
          trainingFileId: dataset,
          hyperparameters: {},
        }),
      ),
    ).toMatchObject({ code: "refused", message: "Fireworks: Fine-tuning is not enabled for this account." });
    expect(
      (await caught(adapter.getJob(credentials, `accounts/${ACCOUNT}/supervisedFineTuningJobs/nope`))).code,
    ).toBe("not_found");
  });

  it("429 → rate_limited with retryAfterMs; 503 and dropped connections → unavailable", async () => {
    const created = await startJob();
    fake.setControls({ rateLimit: { times: 1, retryAfterSeconds: 11 } });
    expect(await caught(adapter.getJob(credentials, created.providerJobId))).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 11_000,
    });
    fake.setControls({ down: "503" });
    expect((await caught(adapter.getJob(credentials, created.providerJobId))).code).toBe("unavailable");
    fake.setControls({ down: "close" });
    expect((await caught(adapter.uploadFile(credentials, sftFile(3)))).code).toBe("unavailable");
  });
});

describe("Fireworks adapter: check before upload", () => {
  const input = { baseModel: BASE, method: "sft" as const, hyperparameters: {} };

  it("refuses fewer than 3 examples, more than 3,000,000, and a file of 150 MB, with nothing sent", () => {
    expect(thrown(() => adapter.check({ train: sftFile(2) }, input))).toMatchObject({
      field: "dataset",
      message: "Dataset: Fireworks needs at least 3 training examples; this one has 2.",
    });
    expect(thrown(() => adapter.check({ train: { ...sftFile(3), rows: 3_000_001 } }, input)).message).toBe(
      "Dataset: Fireworks accepts at most 3,000,000 examples; this one has 3,000,001.",
    );
    expect(
      thrown(() => adapter.check({ train: { ...sftFile(3), bytes: 150 * 1024 * 1024 } }, input)).field,
    ).toBe("dataset");
    expect(fake.requests).toHaveLength(0);
  });

  it("names the field Fireworks would refuse: a suffix that is no model id, a multiplier, a DPO beta, a seed", () => {
    const train = sftFile(3);
    const cases: [Parameters<typeof adapter.check>[1], string, string][] = [
      [
        { ...input, suffix: "Support_Bot" },
        "suffix",
        "Suffix: Fireworks model ids use lowercase letters, digits and dashes (not at either end).",
      ],
      [
        { ...input, hyperparameters: { learningRateMultiplier: 1 } },
        "learningRateMultiplier",
        "Learning-rate multiplier: Fireworks does not take this setting; leave it empty.",
      ],
      [
        { ...input, method: "dpo", hyperparameters: { beta: 0.1 } },
        "beta",
        "Beta: Fireworks does not take this setting; leave it empty.",
      ],
      [{ ...input, seed: 1 }, "seed", "Seed: Fireworks does not take a seed; leave it empty."],
      [
        { ...input, hyperparameters: { epochs: 0 } },
        "epochs",
        "Epochs: a whole number from 1 to 100 for Fireworks.",
      ],
    ];
    for (const [bad, field, message] of cases) {
      expect(thrown(() => adapter.check({ train }, bad))).toMatchObject({
        code: "invalid_input",
        field,
        message,
      });
    }
    expect(() =>
      adapter.check({ train }, { ...input, method: "dpo", suffix: "support-bot-2" }),
    ).not.toThrow();
  });
});
