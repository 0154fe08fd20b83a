// Fine-tuning accounts (sealed keys, field errors, audit) and lineage set by hand for models trained
// elsewhere.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import {
  createFineTuneAccount,
  deleteFineTuneAccount,
  updateFineTuneAccount,
} from "@/lib/fine-tuning/accounts";
import { jobCredentials } from "@/lib/fine-tuning/credentials";
import { getFineTuningOverview } from "@/lib/fine-tuning/job-view";
import { readLineage, setModelLineage } from "@/lib/fine-tuning/lineage";
import { getModelLineage } from "@/lib/fine-tuning/lineage-view";
import { seedDataset } from "../helpers/finetune-datasets";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

let admin: Actor;

beforeEach(async () => {
  await resetDatabase();
  admin = (await createUser({ role: "ADMIN" })).actor;
});

async function fieldErrorOf(work: Promise<unknown>): Promise<Record<string, string>> {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("VALIDATION");
  return (error as AppError).fieldErrors ?? {};
}

const together = {
  kind: "together",
  name: "Together",
  baseUrl: "https://api.together.ai/v1",
  apiKey: "tgp-secret-key-9876",
};

describe("fine-tuning accounts", () => {
  it("seals the key, shows only its last 4, and opens it for the poller", async () => {
    const { accountId } = await createFineTuneAccount(admin, together);
    const row = await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(row.kind).toBe("together");
    expect(row.apiKeySealed).toBeTruthy();
    expect(row.apiKeySealed).not.toContain("tgp-secret-key");
    expect(row.apiKeyLast4).toBe("9876");
    const overview = await getFineTuningOverview(admin);
    expect(JSON.stringify(overview)).not.toContain("tgp-secret-key");
    expect(overview.accounts[0]?.apiKeyMask).toBe("••••9876");
    expect(overview.credentials.map((c) => c.value)).toContain(`account:${accountId}`);
    const credentials = await jobCredentials({ accountId, providerId: null });
    expect(credentials).toMatchObject({ kind: "together", apiKey: "tgp-secret-key-9876" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: accountId } });
    expect(audit.action).toBe("finetuneAccount.create");
    expect(JSON.stringify(audit.details)).not.toContain("tgp-secret-key");
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    expect(await fieldErrorOf(createFineTuneAccount(admin, { ...together, apiKey: "" }))).toHaveProperty(
      "apiKey",
    );
    expect(
      await fieldErrorOf(createFineTuneAccount(admin, { ...together, baseUrl: "ftp://x" })),
    ).toHaveProperty("baseUrl");
    expect(
      await fieldErrorOf(
        createFineTuneAccount(admin, { ...together, kind: "fireworks", fireworksAccountId: "" }),
      ),
    ).toHaveProperty("fireworksAccountId");
    expect(await fieldErrorOf(createFineTuneAccount(admin, { ...together, kind: "mistral" }))).toHaveProperty(
      "kind",
    );
    expect(
      await fieldErrorOf(
        createFineTuneAccount(admin, {
          ...together,
          servingProviderId: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ).toHaveProperty("servingProviderId");
    expect(await db().fineTuneAccount.count()).toBe(0);
  });

  it("keeps the stored key when the edit leaves it empty, and deletes with an audit entry", async () => {
    const { accountId } = await createFineTuneAccount(admin, together);
    const before = await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } });
    await updateFineTuneAccount(admin, { ...together, accountId, name: "Renamed", apiKey: "" });
    const after = await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.name).toBe("Renamed");
    expect(after.apiKeySealed).toBe(before.apiKeySealed);
    await updateFineTuneAccount(admin, { ...together, accountId, apiKey: "tgp-new-key-1111" });
    expect((await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } })).apiKeyLast4).toBe(
      "1111",
    );
    await deleteFineTuneAccount(admin, { accountId });
    expect(await db().fineTuneAccount.count()).toBe(0);
    const actions = (
      await db().auditLog.findMany({ where: { targetId: accountId }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "finetuneAccount.create",
      "finetuneAccount.update",
      "finetuneAccount.update",
      "finetuneAccount.delete",
    ]);
    // The jobs of a deleted account fail in plain words instead of crashing the poller.
    await expect(jobCredentials({ accountId, providerId: null })).rejects.toMatchObject({
      code: "unauthorized",
    });
  });
});

describe("lineage of a model trained elsewhere", () => {
  async function model() {
    const provider = await db().provider.create({
      data: { type: "openai_compatible", name: "vLLM", baseUrl: "http://127.0.0.1:9/v1" },
    });
    return db().modelConfig.create({
      data: {
        providerId: provider.id,
        modelId: "my-trl-model",
        upstreamId: "my-trl-model",
        displayName: "Mine",
        contextWindow: 8192,
      },
    });
  }

  it("records it by hand with a pasted hash, audited, and the page reads it back", async () => {
    const m = await model();
    const version = (await db().registryState.findUnique({ where: { id: 1 } }))?.version ?? 0;
    await setModelLineage(admin, {
      modelConfigId: m.id,
      baseModel: "Qwen/Qwen2.5-7B-Instruct",
      datasetSha256: "AB".repeat(32),
      method: "dpo",
      hyperparameters: '{"epochs": 2, "beta": 0.1}',
      notes: "TRL 0.20 on 2×A100",
    });
    const stored = readLineage((await db().modelConfig.findUniqueOrThrow({ where: { id: m.id } })).lineage);
    expect(stored).toEqual({
      baseModel: "Qwen/Qwen2.5-7B-Instruct",
      datasetId: null,
      datasetSha256: "ab".repeat(32),
      jobId: null,
      method: "dpo",
      hyperparameters: { epochs: 2, beta: 0.1 },
      trainedElsewhere: true,
      notes: "TRL 0.20 on 2×A100",
    });
    expect((await db().registryState.findUnique({ where: { id: 1 } }))?.version).toBeGreaterThan(version);
    expect((await db().auditLog.findFirstOrThrow({ where: { targetId: "my-trl-model" } })).action).toBe(
      "model.lineage",
    );
    const view = await getModelLineage(admin, m.id);
    expect(view.lineage?.baseModel).toBe("Qwen/Qwen2.5-7B-Instruct");
    expect(view.dataset).toBeNull();
  });

  it("takes the hash of a picked dataset", async () => {
    const m = await model();
    const dataset = await seedDataset({ name: "Support v1" });
    await setModelLineage(admin, {
      modelConfigId: m.id,
      baseModel: "base",
      datasetId: dataset.id,
      method: "sft",
    });
    const view = await getModelLineage(admin, m.id);
    expect(view.lineage).toMatchObject({ datasetId: dataset.id, datasetSha256: dataset.sha256 });
    expect(view.dataset).toEqual({ id: dataset.id, name: "Support v1" });
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    const m = await model();
    const base = { modelConfigId: m.id, baseModel: "base", method: "sft", datasetSha256: "a".repeat(64) };
    expect(await fieldErrorOf(setModelLineage(admin, { ...base, datasetSha256: "xyz" }))).toHaveProperty(
      "datasetSha256",
    );
    expect(await fieldErrorOf(setModelLineage(admin, { ...base, datasetSha256: "" }))).toHaveProperty(
      "datasetSha256",
    );
    expect(await fieldErrorOf(setModelLineage(admin, { ...base, hyperparameters: "[1,2]" }))).toHaveProperty(
      "hyperparameters",
    );
    expect(await fieldErrorOf(setModelLineage(admin, { ...base, method: "rlhf" }))).toHaveProperty("method");
    expect(await fieldErrorOf(setModelLineage(admin, { ...base, baseModel: "" }))).toHaveProperty(
      "baseModel",
    );
    expect((await db().modelConfig.findUniqueOrThrow({ where: { id: m.id } })).lineage).toBeNull();
  });
});
