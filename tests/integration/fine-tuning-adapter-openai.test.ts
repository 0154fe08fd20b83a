import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { judgeMessage, parseVerdict } from "@/lib/evaluation/rubric";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/fine-tuning/adapters";
import type { FineTuneCredentials, FineTuneFile, JobSnapshot } from "@/lib/fine-tuning/adapters/types";
import { dpoFile, sftFile } from "../helpers/fake-finetune/dataset-files";
import { caught, thrown } from "../helpers/fake-finetune/errors";
import {
  RUNNING_STEPS,
  startFakeOpenAIFineTuning,
  type FakeOpenAIFineTuning,
} from "../helpers/fake-finetune/openai";
import { DEFAULT_CONTROLS } from "../helpers/fake-finetune/server";

// The OpenAI adapter (and its "openai_compatible" twin) against a fake that follows OpenAI's documented
// shapes: what it sends, how it reads statuses and events, and every failure's code and message.
let fake: FakeOpenAIFineTuning;
let credentials: FineTuneCredentials;
const adapter = adapterFor("openai");
const BASE = "gpt-4o-mini-2024-07-18";
const KEY = "sk-test-openai";

beforeAll(async () => {
  fake = await startFakeOpenAIFineTuning();
  credentials = { kind: "openai", baseUrl: fake.url, apiKey: KEY };
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setControls({ ...DEFAULT_CONTROLS, apiKey: KEY });
});

async function startJob(file: FineTuneFile = sftFile(12), method: "sft" | "dpo" = "sft") {
  const fileId = await adapter.uploadFile(credentials, file);
  return adapter.createJob(credentials, {
    baseModel: BASE,
    method,
    trainingFileId: fileId,
    hyperparameters: { epochs: 2 },
    suffix: "support",
    seed: 7,
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

describe("OpenAI adapter: upload and jobs", () => {
  it("uploads a file as multipart with purpose fine-tune and returns the provider's file id", async () => {
    const file = sftFile(12);
    const fileId = await adapter.uploadFile(credentials, file);
    expect(fileId).toMatch(/^file-/);
    const request = fake.requests.find((r) => r.path === "/v1/files")!;
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.form?.purpose).toBe("fine-tune");
    expect(request.form?.file).toMatchObject({ filename: "openai-sft.train.jsonl", size: file.bytes });
    expect(fake.files.get(fileId)?.lines).toBe(12);
  });

  it("creates a supervised job with OpenAI's method shape and follows it to success, raw statuses kept", async () => {
    const created = await startJob();
    expect(created).toMatchObject({
      state: "validating",
      providerStatus: "validating_files",
      fineTunedModel: null,
    });
    const body = fake.requests.find((r) => r.path === "/v1/fine_tuning/jobs")!.json as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      model: BASE,
      suffix: "support",
      seed: 7,
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
    });
    const seen = await pollToEnd(created.providerJobId);
    expect(seen.map((s) => s.state)).toEqual([
      "queued",
      ...Array<string>(RUNNING_STEPS).fill("running"),
      "succeeded",
    ]);
    expect(seen.map((s) => s.providerStatus)).toEqual([
      "queued",
      ...Array<string>(RUNNING_STEPS).fill("running"),
      "succeeded",
    ]);
    const done = seen.at(-1)!;
    expect(done.fineTunedModel).toBe(`ft:${BASE}:flywheel:support:${created.providerJobId.slice(-8)}`);
    expect(done.error).toBeNull();
  });

  it("creates a DPO job with its beta under method.dpo", async () => {
    const fileId = await adapter.uploadFile(credentials, dpoFile(10));
    const created = await adapter.createJob(credentials, {
      baseModel: BASE,
      method: "dpo",
      trainingFileId: fileId,
      hyperparameters: { beta: 0.2, learningRateMultiplier: 1.5 },
    });
    expect(created.state).toBe("validating");
    const body = fake.requests.find((r) => r.path === "/v1/fine_tuning/jobs")!.json;
    expect(body).toEqual({
      model: BASE,
      training_file: fileId,
      method: { type: "dpo", dpo: { hyperparameters: { beta: 0.2, learning_rate_multiplier: 1.5 } } },
    });
  });

  it("lists events oldest first, metrics as step and losses, and only the ones after a known id", async () => {
    const created = await startJob();
    await pollToEnd(created.providerJobId);
    const events = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(events[0]!.message).toMatch(/^Validating training file/);
    expect(events.at(-1)!.message).toBe("The job has successfully completed");
    const times = events.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const metrics = events.filter((e) => e.step != null);
    expect(metrics.map((e) => e.step)).toEqual([1, 2, 3]);
    const train = metrics.map((e) => e.trainLoss!);
    const valid = metrics.map((e) => e.validLoss!);
    expect(train[0]).toBeGreaterThan(train[2]!);
    expect(valid[0]).toBeGreaterThan(valid[2]!);
    expect(events.filter((e) => e.step == null).every((e) => e.trainLoss == null)).toBe(true);

    const later = await adapter.listEvents(credentials, created.providerJobId, events[3]!.id);
    expect(later.map((e) => e.id)).toEqual(events.slice(4).map((e) => e.id));
    expect(await adapter.listEvents(credentials, created.providerJobId, events.at(-1)!.id)).toEqual([]);
  });

  it("pages through more events than one page holds", async () => {
    const created = await startJob();
    const job = fake.jobs.get(created.providerJobId)!;
    for (let i = 0; i < 250; i++) {
      job.events.push({
        ...job.events[0]!,
        id: `ftevent-extra-${i}`,
        message: `Extra ${i}`,
        created_at: job.events[0]!.created_at + i + 1,
      });
    }
    const events = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(events).toHaveLength(251);
    expect(events.at(-1)!.message).toBe("Extra 249");
    const pages = fake.requests.filter((r) => r.path.endsWith("/events"));
    expect(pages.map((r) => r.query.get("limit"))).toEqual(["100", "100", "100"]);
    const after = await adapter.listEvents(credentials, created.providerJobId, "ftevent-extra-100");
    expect(after).toHaveLength(149);
  });

  it("cancels a job, and reads a cancellation made on the provider's side", async () => {
    const first = await startJob();
    const cancelled = await adapter.cancelJob(credentials, first.providerJobId);
    expect(cancelled).toMatchObject({ state: "cancelled", providerStatus: "cancelled" });
    expect(fake.requests.at(-1)!.path).toBe(`/v1/fine_tuning/jobs/${first.providerJobId}/cancel`);

    const second = await startJob();
    await adapter.getJob(credentials, second.providerJobId);
    fake.cancelOnProvider(second.providerJobId);
    expect(await adapter.getJob(credentials, second.providerJobId)).toMatchObject({ state: "cancelled" });
  });

  it("reports a job the provider failed, with the provider's message", async () => {
    fake.setControls({ failNextJob: "Training file contains 3 examples with invalid roles." });
    const created = await startJob();
    const seen = await pollToEnd(created.providerJobId);
    expect(seen.at(-1)).toMatchObject({
      state: "failed",
      providerStatus: "failed",
      error: "Training file contains 3 examples with invalid roles.",
      fineTunedModel: null,
    });
    const events = await adapter.listEvents(credentials, created.providerJobId, null);
    expect(events.at(-1)).toMatchObject({
      level: "error",
      message: "Training file contains 3 examples with invalid roles.",
    });
  });

  it("maps a status it does not know to running, without throwing", async () => {
    const created = await startJob();
    const job = fake.jobs.get(created.providerJobId)!;
    job.ahead = ["paused"];
    expect(await adapter.getJob(credentials, created.providerJobId)).toMatchObject({
      state: "running",
      providerStatus: "paused",
    });
  });

  it("says not_found for a job the provider does not know", async () => {
    const error = await caught(adapter.getJob(credentials, "ftjob-missing"));
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("Could not find fine-tune");
  });

  it("refuses a job the provider refuses to validate, with its message (invalid_input)", async () => {
    const error = await caught(
      adapter.createJob(credentials, {
        baseModel: "gpt-3",
        method: "sft",
        trainingFileId: "file-x",
        hyperparameters: {},
      }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe("OpenAI: Model gpt-3 is not available for fine-tuning or does not exist.");
  });
});

describe("OpenAI adapter: failures", () => {
  it("revoked or wrong key → unauthorized", async () => {
    const created = await startJob();
    fake.setControls({ revoked: true });
    const revoked = await caught(adapter.getJob(credentials, created.providerJobId));
    expect(revoked).toMatchObject({ code: "unauthorized", status: 401, transient: false });
    expect(revoked.message).toBe("OpenAI: The API key was revoked.");
    fake.setControls({ revoked: false });
    const wrong = await caught(adapter.getJob({ ...credentials, apiKey: "sk-wrong" }, created.providerJobId));
    expect(wrong.code).toBe("unauthorized");
  });

  it("403 on creation → refused, in plain words naming OpenAI's cut-off, with the provider's message", async () => {
    const fileId = await adapter.uploadFile(credentials, sftFile(10));
    fake.setControls({ refuseCreate: "Fine-tuning is no longer available for new jobs." });
    const error = await caught(
      adapter.createJob(credentials, {
        baseModel: BASE,
        method: "sft",
        trainingFileId: fileId,
        hyperparameters: {},
      }),
    );
    expect(error).toMatchObject({ code: "refused", status: 403, transient: false });
    expect(error.message).toContain("2027-01-06");
    expect(error.message).toContain("Fine-tuning is no longer available for new jobs.");
    expect(error.message).not.toMatch(/\n\s+at /);

    const compatible = adapterFor("openai_compatible");
    const other = await caught(
      compatible.createJob(
        { ...credentials, kind: "openai_compatible" },
        {
          baseModel: BASE,
          method: "sft",
          trainingFileId: fileId,
          hyperparameters: {},
        },
      ),
    );
    expect(other.code).toBe("refused");
    expect(other.message).not.toContain("2027-01-06");
  });

  it("429 → rate_limited with retryAfterMs from retry-after, then works again", async () => {
    const created = await startJob();
    fake.setControls({ rateLimit: { times: 2, retryAfterSeconds: 7 } });
    const error = await caught(adapter.getJob(credentials, created.providerJobId));
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 7000, transient: true });
    expect((await caught(adapter.getJob(credentials, created.providerJobId))).code).toBe("rate_limited");
    expect((await adapter.getJob(credentials, created.providerJobId)).state).toBe("queued");
  });

  it("down (503, dropped connections, nothing listening) → unavailable", async () => {
    const created = await startJob();
    fake.setControls({ down: "503" });
    const status503 = await caught(adapter.getJob(credentials, created.providerJobId));
    expect(status503).toMatchObject({ code: "unavailable", status: 503, transient: true });
    fake.setControls({ down: "close" });
    const dropped = await caught(adapter.listEvents(credentials, created.providerJobId, null));
    expect(dropped.code).toBe("unavailable");
    fake.setControls({ down: null });

    const gone = await startFakeOpenAIFineTuning();
    const url = gone.url;
    await gone.close();
    const refused = await caught(adapter.getJob({ ...credentials, baseUrl: url }, created.providerJobId));
    expect(refused.code).toBe("unavailable");
    expect(refused.message).toContain("could not be reached");
  });

  it("a caller's abort stops the request and is not reported as the provider's fault", async () => {
    const created = await startJob();
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    await expect(adapter.getJob(credentials, created.providerJobId, controller.signal)).rejects.toThrow(
      "shutting down",
    );
  });
});

describe("OpenAI adapter: check before upload", () => {
  const input = { baseModel: BASE, method: "sft" as const, hyperparameters: {} };

  it("refuses too few examples and a file over 512 MB, and nothing reaches the provider", () => {
    const few = thrown(() => adapter.check({ train: sftFile(9) }, input));
    expect(few).toMatchObject({ code: "invalid_input", field: "dataset" });
    expect(few.message).toBe("Dataset: OpenAI needs at least 10 training examples; this one has 9.");
    const big = thrown(() => adapter.check({ train: { ...sftFile(10), bytes: 600 * 1024 * 1024 } }, input));
    expect(big.field).toBe("dataset");
    expect(big.message).toContain("600 MB");
    expect(big.message).toContain("512 MB");
    const bigValidation = thrown(() =>
      adapter.check({ train: sftFile(10), validation: { ...sftFile(3), bytes: 513 * 1024 * 1024 } }, input),
    );
    expect(bigValidation.message).toContain("validation file");
    expect(fake.requests).toHaveLength(0);
  });

  it("names the field of a suffix, seed or hyperparameter OpenAI would refuse", () => {
    const train = sftFile(10);
    const cases: [Parameters<typeof adapter.check>[1], string, string][] = [
      [
        { ...input, suffix: "x".repeat(65) },
        "suffix",
        "Suffix: at most 64 characters for OpenAI; this one has 65.",
      ],
      [{ ...input, seed: -1 }, "seed", "Seed: a whole number from 0 to 2147483647."],
      [
        { ...input, hyperparameters: { epochs: 0 } },
        "epochs",
        "Epochs: a whole number from 1 to 50 for OpenAI.",
      ],
      [
        { ...input, hyperparameters: { epochs: 2.5 } },
        "epochs",
        "Epochs: a whole number from 1 to 50 for OpenAI.",
      ],
      [
        { ...input, hyperparameters: { batchSize: 512 } },
        "batchSize",
        "Batch size: a whole number from 1 to 256 for OpenAI.",
      ],
      [
        { ...input, hyperparameters: { learningRateMultiplier: 0 } },
        "learningRateMultiplier",
        "Learning-rate multiplier: a number more than 0 and at most 10 for OpenAI.",
      ],
      [
        { ...input, hyperparameters: { learningRate: 0.0001 } },
        "learningRate",
        "Learning rate: OpenAI does not take this setting; leave it empty.",
      ],
      [
        { ...input, hyperparameters: { loraRank: 8 } },
        "loraRank",
        "LoRA rank: OpenAI does not take this setting; leave it empty.",
      ],
      [{ ...input, hyperparameters: { beta: 0.1 } }, "beta", "Beta: only applies to preference (DPO) jobs."],
      [{ ...input, baseModel: " " }, "baseModel", "Base model: choose the model to fine-tune."],
    ];
    for (const [bad, field, message] of cases) {
      expect(thrown(() => adapter.check({ train }, bad))).toMatchObject({
        code: "invalid_input",
        field,
        message,
      });
    }
    expect(() =>
      adapter.check({ train }, { ...input, suffix: "x".repeat(64), seed: 0, hyperparameters: { epochs: 3 } }),
    ).not.toThrow();
    expect(() =>
      adapter.check({ train }, { ...input, method: "dpo", hyperparameters: { beta: 0.5 } }),
    ).not.toThrow();
  });
});

describe("the fake's chat: the trained model answers differently, in a known way", () => {
  it("serves the base, the fine-tuned model and the judge through the AI SDK, streamed and not", async () => {
    const created = await startJob();
    const done = (await pollToEnd(created.providerJobId)).at(-1)!;
    const provider = createOpenAICompatible({
      baseURL: fake.url,
      name: "fake-ft",
      apiKey: KEY,
      includeUsage: true,
    });

    const base = await generateText({ model: provider.chatModel(BASE), prompt: "What is 2+2?" });
    expect(base.text).toBe("Base answer to: What is 2+2?");
    const tuned = streamText({ model: provider.chatModel(done.fineTunedModel!), prompt: "What is 2+2?" });
    expect(await tuned.text).toBe("Tuned: Base answer to: What is 2+2?");
    expect((await tuned.usage).outputTokens).toBe(7);

    const judge = await generateText({
      model: provider.chatModel("fake-judge"),
      prompt: `Question: What is 2+2?\n\nAnswer A:\n${base.text}\n\nAnswer B:\n${await tuned.text}\n\nWhich is better?`,
    });
    expect(judge.text).toBe("Verdict: B");
    const swapped = await generateText({
      model: provider.chatModel("fake-judge"),
      prompt: `Response A: ${await tuned.text}\nResponse B: ${base.text}`,
    });
    expect(swapped.text).toBe("Verdict: A");
    // Flywheel's own judge message (lib/evaluation/rubric.ts) labels the responses with tags.
    const tagged = await generateText({
      model: provider.chatModel("fake-judge"),
      prompt: judgeMessage([{ role: "user", content: "What is 2+2?" }], base.text, await tuned.text),
    });
    expect(parseVerdict(tagged.text)).toBe("B");

    const models = (await (
      await fetch(`${fake.url}/models`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as {
      data: { id: string }[];
    };
    expect(models.data.map((m) => m.id)).toContain(done.fineTunedModel);
  });

  it("answers any base name, but a fine-tuned name only once its job succeeded", async () => {
    const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    const ask = (model: string) =>
      fetch(`${fake.url}/chat/completions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ model, messages: [{ role: "user", content: "Hi" }] }),
      });
    const base = await ask("any-base-the-test-registered");
    expect(
      ((await base.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content,
    ).toBe("Base answer to: Hi");
    const created = await startJob();
    const pending = await ask(`ft:${BASE}:flywheel:support:${created.providerJobId.slice(-8)}`);
    expect(pending.status).toBe(404);
  });

  it("takes controls over HTTP, as the end-to-end test sends them", async () => {
    const created = await startJob();
    const response = await fetch(`${fake.origin}/__control`, {
      method: "POST",
      body: JSON.stringify({
        cancelJob: created.providerJobId,
        judgeTemplate: "Winner: {winner}",
        revoked: true,
      }),
    });
    expect(response.status).toBe(204);
    expect(fake.jobs.get(created.providerJobId)!.status).toBe("cancelled");
    expect(fake.chat.judgeTemplate).toBe("Winner: {winner}");
    expect((await caught(adapter.getJob(credentials, created.providerJobId))).code).toBe("unauthorized");
    await fetch(`${fake.origin}/__control`, { method: "POST", body: JSON.stringify({ revoked: null }) });
    expect(fake.controls.revoked).toBe(false);
    fake.chat.judgeTemplate = "Verdict: {winner}";
  });
});
