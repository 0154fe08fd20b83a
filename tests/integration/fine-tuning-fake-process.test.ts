import { afterAll, describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/fine-tuning/adapters";
import type { FineTuneCredentials, FineTuneKind } from "@/lib/fine-tuning/adapters/types";
import { sftFile } from "../helpers/fake-finetune/dataset-files";
import { caught } from "../helpers/fake-finetune/errors";
import { startFakeFineTuneProcess, type FakeFineTuneProcess } from "../helpers/fake-finetune/process";

// The fakes as the end-to-end test runs them: a separate process per provider, driven over HTTP.
const started: FakeFineTuneProcess[] = [];
afterAll(() => {
  for (const fake of started) fake.stop();
});

const BASES: Record<FakeFineTuneProcess["provider"], string> = {
  openai: "gpt-4o-mini-2024-07-18",
  together: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
  fireworks: "accounts/fireworks/models/llama-v3p1-8b-instruct",
};

describe.each(["openai", "together", "fireworks"] as const)("the %s fake as a process", (provider) => {
  it("trains to success, and takes faults and a provider-side cancel through /__control", async () => {
    const fake = await startFakeFineTuneProcess(provider);
    started.push(fake);
    const kind: FineTuneKind = provider;
    const adapter = adapterFor(kind);
    const credentials: FineTuneCredentials = { kind, baseUrl: fake.url, apiKey: "k", accountId: "acct" };
    await fake.control({ apiKey: "k" });

    const fileId = await adapter.uploadFile(credentials, sftFile(12));
    const input = {
      baseModel: BASES[provider],
      method: "sft" as const,
      trainingFileId: fileId,
      hyperparameters: {},
    };
    const job = await adapter.createJob(credentials, { ...input, suffix: "e2e" });
    let state = job.state;
    for (let i = 0; i < 20 && state !== "succeeded"; i++)
      state = (await adapter.getJob(credentials, job.providerJobId)).state;
    expect(state).toBe("succeeded");

    await fake.control({ rateLimit: { times: 1, retryAfterSeconds: 2 } });
    expect(await caught(adapter.getJob(credentials, job.providerJobId))).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 2000,
    });
    await fake.control({ down: "503" });
    expect((await caught(adapter.getJob(credentials, job.providerJobId))).code).toBe("unavailable");
    await fake.control({ down: null, revoked: true });
    expect((await caught(adapter.getJob(credentials, job.providerJobId))).code).toBe("unauthorized");
    await fake.control({ revoked: null });

    const second = await adapter.createJob(credentials, input);
    await fake.control({ cancelJob: second.providerJobId });
    expect((await adapter.getJob(credentials, second.providerJobId)).state).toBe("cancelled");
  });
});
