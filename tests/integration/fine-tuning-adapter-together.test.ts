import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/fine-tuning/adapters";
import type { FineTuneCredentials, JobSnapshot } from "@/lib/fine-tuning/adapters/types";
import { dpoFile, sftFile } from "../helpers/fake-finetune/dataset-files";
import { caught, thrown } from "../helpers/fake-finetune/errors";
import { DEFAULT_CONTROLS } from "../helpers/fake-finetune/server";
import {
  startFakeTogether,
  TOGETHER_RUNNING_STEPS,
  type FakeTogether,
} from "../helpers/fake-finetune/together";

// The Together adapter against a fake following Together's documented shapes (/files/upload,
// /fine-tunes): what it sends, its status mapping, events and losses, and each failure's code.
let fake: FakeTogether;
let credentials: FineTuneCredentials;
const adapter = adapterFor("together");
const BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
const KEY = "together-test-key";

beforeAll(async () => {
  fake = await startFakeTogether();
  credentials = { kind: "together", baseUrl: fake.url, apiKey: KEY };
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setControls({ ...DEFAULT_CONTROLS, apiKey: KEY });
});

async function startJob(method: "sft" | "dpo" = "sft") {
  const fileId = await adapter.uploadFile(credentials, method === "dpo" ? dpoFile(5) : sftFile(5));
  return adapter.createJob(credentials, {
    baseModel: BASE,
    method,
    trainingFileId: fileId,
    hyperparameters:
      method === "dpo"
        ? { epochs: 2, beta: 0.3 }
        : { epochs: 3, learningRate: 0.0002, loraRank: 16, batchSize: 8 },
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

describe("Together adapter: upload and jobs", () => {
  it("uploads with file, file_name, purpose and file_type as multipart", async () => {
    const file = sftFile(5, "together-sft.train.jsonl");
    const fileId = await adapter.uploadFile(credentials, file);
    const request = fake.requests.find((r) => r.path === "/v1/files/upload")!;
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.form).toMatchObject({
      file_name: "together-sft.train.jsonl",
      purpose: "fine-tune",
      file_type: "jsonl",
      file: { filename: "together-sft.train.jsonl", size: file.bytes },
    });
    expect(fake.files.get(fileId)?.lines).toBe(5);
  });

  it("creates an SFT LoRA job with Together's field names and follows every status to completed", async () => {
    const created = await startJob();
    expect(created).toMatchObject({ state: "queued", providerStatus: "pending", fineTunedModel: null });
    const body = fake.requests.find((r) => r.path === "/v1/fine-tunes")!.json;
    expect(body).toEqual({
      model: BASE,
      training_file: fake.jobs.get(created.providerJobId)!.training_file,
      suffix: "support-bot",
      n_epochs: 3,
      learning_rate: 0.0002,
      batch_size: 8,
      training_method: { method: "sft" },
      training_type: { type: "Lora", lora_r: 16 },
    });
    const seen = await pollToEnd(created.providerJobId);
    expect(seen.map((s) => s.providerStatus)).toEqual([
      "queued",
      ...Array<string>(TOGETHER_RUNNING_STEPS).fill("running"),
      "compressing",
      "uploading",
      "completed",
    ]);
    expect(seen.map((s) => s.state)).toEqual([
      "queued",
      ...Array<string>(TOGETHER_RUNNING_STEPS + 2).fill("running"),
      "succeeded",
    ]);
    expect(seen.slice(0, -1).every((s) => s.fineTunedModel === null)).toBe(true);
    expect(seen.at(-1)!.fineTunedModel).toBe(fake.jobs.get(created.providerJobId)!.model_output_name);
    expect(seen.at(-1)!.fineTunedModel).toMatch(
      /^flywheel\/Meta-Llama-3\.1-8B-Instruct-Reference-support-bot-/,
    );
  });

  it("creates a DPO job with dpo_beta and sends batch_size max when unset", async () => {
    const created = await startJob("dpo");
    expect(created.state).toBe("queued");
    const body = fake.requests.find((r) => r.path === "/v1/fine-tunes")!.json as Record<string, unknown>;
    expect(body.training_method).toEqual({ method: "dpo", dpo_beta: 0.3 });
    expect(body.batch_size).toBe("max");
    expect(body.training_type).toEqual({ type: "Lora" });
  });

  it("lists events oldest first with stable ids, losses read from them, and only the newer ones after an id", async () => {
    const created = await startJob();
    await pollToEnd(created.providerJobId);
    const events = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(events[0]!.message).toBe("Fine-tune request created");
    expect(events.at(-1)!.message).toMatch(/^Job finished/);
    const metrics = events.filter((e) => e.trainLoss != null);
    expect(metrics.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(metrics[0]!.trainLoss!).toBeGreaterThan(metrics[2]!.trainLoss!);
    expect(metrics[0]!.validLoss!).toBeGreaterThan(metrics[2]!.validLoss!);
    const again = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const later = await adapter.listEvents(credentials, created.providerJobId, events[2]!.id);
    expect(later.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
  });

  it("cancel goes through cancel_requested (still followed) to cancelled; a provider-side cancel is read", async () => {
    const first = await startJob();
    const asked = await adapter.cancelJob(credentials, first.providerJobId);
    expect(asked).toMatchObject({ state: "running", providerStatus: "cancel_requested" });
    expect(await adapter.getJob(credentials, first.providerJobId)).toMatchObject({
      state: "cancelled",
      providerStatus: "cancelled",
    });
    const second = await startJob();
    fake.cancelOnProvider(second.providerJobId);
    expect((await adapter.getJob(credentials, second.providerJobId)).state).toBe("cancelled");
  });

  it("reports a failed job with the message of its error event", async () => {
    fake.setControls({ failNextJob: "Your dataset has a line with no assistant message (line 4)." });
    const created = await startJob();
    const last = (await pollToEnd(created.providerJobId)).at(-1)!;
    expect(last).toMatchObject({
      state: "failed",
      providerStatus: "error",
      error: "Your dataset has a line with no assistant message (line 4).",
    });
  });

  it("maps user_error to failed and an unknown status to running, never throwing", async () => {
    const created = await startJob();
    const job = fake.jobs.get(created.providerJobId)!;
    job.ahead = ["warming_up", "user_error"];
    expect(await adapter.getJob(credentials, created.providerJobId)).toMatchObject({
      state: "running",
      providerStatus: "warming_up",
    });
    const failed = await adapter.getJob(credentials, created.providerJobId);
    expect(failed).toMatchObject({ state: "failed", providerStatus: "user_error" });
    expect(failed.error).toContain("user_error");
  });
});

describe("Together adapter: failures", () => {
  it("revoked key → unauthorized with Together's message", async () => {
    const created = await startJob();
    fake.setControls({ revoked: true });
    const error = await caught(adapter.getJob(credentials, created.providerJobId));
    expect(error).toMatchObject({
      code: "unauthorized",
      status: 401,
      message: "Together: The API key was revoked.",
    });
  });

  it("403 → refused; 404 → not_found; 400 → invalid_input with Together's message", async () => {
    const fileId = await adapter.uploadFile(credentials, sftFile(3));
    fake.setControls({ refuseCreate: "Your account cannot fine-tune this model." });
    const refused = await caught(
      adapter.createJob(credentials, {
        baseModel: BASE,
        method: "sft",
        trainingFileId: fileId,
        hyperparameters: {},
      }),
    );
    expect(refused).toMatchObject({
      code: "refused",
      message: "Together: Your account cannot fine-tune this model.",
    });
    fake.setControls({ refuseCreate: null });
    expect((await caught(adapter.getJob(credentials, "ft-missing"))).code).toBe("not_found");
    const invalid = await caught(
      adapter.createJob(credentials, {
        baseModel: "nope/model",
        method: "sft",
        trainingFileId: fileId,
        hyperparameters: {},
      }),
    );
    expect(invalid).toMatchObject({
      code: "invalid_input",
      message: "Together: Model nope/model is not supported for fine-tuning",
    });
  });

  it("429 → rate_limited with retryAfterMs", async () => {
    const created = await startJob();
    fake.setControls({ rateLimit: { times: 1, retryAfterSeconds: 3 } });
    expect(await caught(adapter.listEvents(credentials, created.providerJobId, null))).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 3000,
    });
    expect((await adapter.listEvents(credentials, created.providerJobId, null)).length).toBeGreaterThan(0);
  });

  it("down (503 or dropped connections) → unavailable", async () => {
    const created = await startJob();
    fake.setControls({ down: "503" });
    expect((await caught(adapter.getJob(credentials, created.providerJobId))).code).toBe("unavailable");
    fake.setControls({ down: "close" });
    expect((await caught(adapter.cancelJob(credentials, created.providerJobId))).code).toBe("unavailable");
  });
});

describe("Together adapter: check before upload", () => {
  const input = { baseModel: BASE, method: "sft" as const, hyperparameters: {} };

  it("refuses an empty dataset and a file over 25 GB, with nothing sent", () => {
    expect(thrown(() => adapter.check({ train: sftFile(0) }, input))).toMatchObject({
      field: "dataset",
      message: "Dataset: Together needs at least 1 training example; this one has 0.",
    });
    const big = thrown(() => adapter.check({ train: { ...sftFile(3), bytes: 26 * 1024 ** 3 } }, input));
    expect(big.message).toBe("Dataset: the training file is 26.0 GB; Together accepts files up to 25.0 GB.");
    expect(fake.requests).toHaveLength(0);
  });

  it("names the field Together would refuse: epochs over 20, suffix over 40, a multiplier, a seed", () => {
    const train = sftFile(3);
    const cases: [Parameters<typeof adapter.check>[1], string, string][] = [
      [
        { ...input, hyperparameters: { epochs: 21 } },
        "epochs",
        "Epochs: a whole number from 1 to 20 for Together.",
      ],
      [
        { ...input, suffix: "s".repeat(41) },
        "suffix",
        "Suffix: at most 40 characters for Together; this one has 41.",
      ],
      [
        { ...input, hyperparameters: { learningRateMultiplier: 2 } },
        "learningRateMultiplier",
        "Learning-rate multiplier: Together does not take this setting; leave it empty.",
      ],
      [{ ...input, seed: 3 }, "seed", "Seed: Together does not take a seed; leave it empty."],
      [
        { ...input, hyperparameters: { learningRate: 0 } },
        "learningRate",
        "Learning rate: a number more than 0 and at most 1 for Together.",
      ],
      [
        { ...input, hyperparameters: { loraRank: 128 } },
        "loraRank",
        "LoRA rank: a whole number from 1 to 64 for Together.",
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
      adapter.check(
        { train },
        { ...input, method: "dpo", suffix: "s".repeat(40), hyperparameters: { epochs: 20, beta: 0.1 } },
      ),
    ).not.toThrow();
  });
});
