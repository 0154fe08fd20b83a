import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// A model from the settings, whose id an admin's model may not take. Set before anything reads the
// settings (lib/env.ts reads them once, lazily).
process.env.OPENAI_COMPATIBLE_BASE_URL = "http://127.0.0.1:9/v1";
process.env.OPENAI_COMPATIBLE_MODELS = "settings-model";

import { db } from "@/lib/db/client";
import { readRegistryState } from "@/lib/models/registry-version";
import { open } from "@/lib/crypto/secret-box";
import {
  createProvider,
  deleteProvider,
  setProviderEnabled,
  testProviderConnection,
  updateProvider,
} from "@/lib/models/admin/providers";
import {
  addModel,
  deleteModel,
  refreshProviderModels,
  setModelEnabled,
  updateModel,
} from "@/lib/models/admin/models";
import { setDefaultModel } from "@/lib/models/admin/default-model";
import { getAdminModel, getModelsOverview } from "@/lib/models/admin/admin-view";
import { PRICE_TABLE_DATE } from "@/lib/models/price-table";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { startFakeAnthropic, type FakeAnthropic } from "../helpers/fake-anthropic-models";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// expect.stringContaining, typed for the objects it sits in.
const containing = (text: string): string => expect.stringContaining(text) as string;

const KEY = "sk-admin-models-test-key-Zq9X";
const ANTHROPIC_KEY = "sk-ant-test-key-W7k2";

let fake: FakeOpenAI;
let anthropic: FakeAnthropic;
let htmlServer: Server;
let htmlUrl: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  anthropic = await startFakeAnthropic({
    apiKey: ANTHROPIC_KEY,
    pageSize: 2,
    models: [
      { id: "claude-sonnet-4-5-20250929", displayName: "Claude Sonnet 4.5" },
      { id: "claude-haiku-4-5", displayName: "Claude Haiku 4.5" },
      { id: "claude-next-preview", displayName: "Claude Next" },
    ],
  });
  htmlServer = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" }).end("<html>Welcome to nginx</html>");
  });
  htmlServer.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => htmlServer.once("listening", resolve));
  htmlUrl = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await fake.close();
  await anthropic.close();
  await new Promise<void>((resolve) => htmlServer.close(() => resolve()));
});

async function setup() {
  await resetDatabase();
  fake.setScenario({
    apiKey: KEY,
    models: ["fake-model", "tuned-1", "offline-demo", "settings-model"],
    modelsDelayMs: 0,
  });
  const admin = await createUser({ role: "ADMIN" });
  return { admin: admin.actor, adminUser: admin.user };
}

const version = async () => (await readRegistryState()).version;
const compatible = (overrides: Record<string, unknown> = {}) => ({
  type: "openai-compatible" as const,
  name: "Local vLLM",
  baseUrl: fake.url,
  apiKey: KEY,
  headers: "",
  ...overrides,
});

async function audit(action: string) {
  return db().auditLog.findMany({ where: { action }, orderBy: { createdAt: "asc" } });
}

describe("providers", () => {
  beforeEach(() => {
    fake.setScenario({ apiKey: undefined });
  });

  it("creates a provider with its key sealed, the audit entry masked and the version bumped", async () => {
    const { admin, adminUser } = await setup();
    const { providerId } = await createProvider(admin, compatible({ headers: "X-Org: acme-secret-org\n" }));
    const row = await db().provider.findUniqueOrThrow({ where: { id: providerId } });
    expect(row.apiKeyLast4).toBe("Zq9X");
    expect(row.apiKeySealed).not.toContain(KEY);
    expect(open(row.apiKeySealed!, "provider.apiKey")).toBe(KEY);
    expect(JSON.parse(open(row.headersSealed!, "provider.headers"))).toEqual({ "X-Org": "acme-secret-org" });
    expect(row.headerNames).toEqual(["X-Org"]);
    expect(row.baseUrl).toBe(fake.url);
    expect(await version()).toBe(1);

    const [entry] = await audit("provider.create");
    expect(entry).toMatchObject({ actorId: adminUser.id, targetType: "provider", targetId: providerId });
    expect(entry!.details).toMatchObject({
      after: { type: "openai-compatible", name: "Local vLLM", apiKey: "••••Zq9X", headers: ["X-Org"] },
    });
    expect(JSON.stringify(entry!.details)).not.toContain(KEY);
    expect(JSON.stringify(entry!.details)).not.toContain("acme-secret-org");
  });

  it("refuses a key the provider refuses, with a field error, and saves nothing", async () => {
    const { admin } = await setup();
    const error = await createProvider(admin, compatible({ apiKey: "sk-wrong-key-0000" })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { apiKey: "The provider refused the API key." },
    });
    expect(JSON.stringify(error)).not.toContain("sk-wrong-key");
    expect(await db().provider.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
    expect(await version()).toBe(0);
  });

  it.each([
    ["not a url", "Enter a full URL"],
    ["ftp://example.test/v1", "http:// or https://"],
    ["https://user:pass@example.test/v1", "not in the URL"],
    ["", "Enter the provider's base URL."],
  ])("refuses the base URL %j with a field error", async (baseUrl, message) => {
    const { admin } = await setup();
    await expect(createProvider(admin, compatible({ baseUrl }))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { baseUrl: containing(message) },
    });
    expect(await db().provider.count()).toBe(0);
  });

  it("needs a key for OpenAI and Anthropic, not for a compatible server", async () => {
    const { admin } = await setup();
    await expect(
      createProvider(admin, { type: "openai", name: "OpenAI", baseUrl: fake.url, apiKey: "" }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: "Enter the API key." } });
    // No key: saved untested (the server may be started later).
    await createProvider(admin, compatible({ apiKey: "", baseUrl: "http://127.0.0.1:9/v1" }));
    expect(await db().provider.count()).toBe(1);
  });

  it("refuses malformed extra headers", async () => {
    const { admin } = await setup();
    await expect(createProvider(admin, compatible({ headers: "no colon here" }))).rejects.toMatchObject({
      fieldErrors: { headers: containing("Name: value") },
    });
    await expect(createProvider(admin, compatible({ headers: "Host: evil.test" }))).rejects.toMatchObject({
      fieldErrors: { headers: containing("sets Host itself") },
    });
  });

  it("edits a provider: an empty key keeps the stored key, a new one is tested, the audit shows what changed", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    const sealedBefore = (await db().provider.findUniqueOrThrow({ where: { id: providerId } })).apiKeySealed;

    await updateProvider(admin, { ...compatible({ apiKey: "", name: "Renamed vLLM" }), providerId });
    const kept = await db().provider.findUniqueOrThrow({ where: { id: providerId } });
    expect(kept.name).toBe("Renamed vLLM");
    expect(kept.apiKeySealed).toBe(sealedBefore);

    await expect(
      updateProvider(admin, { ...compatible({ apiKey: "sk-refused-9999" }), providerId }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: "The provider refused the API key." } });
    expect((await db().provider.findUniqueOrThrow({ where: { id: providerId } })).apiKeySealed).toBe(
      sealedBefore,
    );

    const [entry] = await audit("provider.update");
    expect(entry!.details).toEqual({
      provider: "Renamed vLLM",
      before: { name: "Local vLLM" },
      after: { name: "Renamed vLLM" },
    });
    expect(await version()).toBe(2);

    // Saved unchanged: no audit line.
    await updateProvider(admin, { ...compatible({ apiKey: "", name: "Renamed vLLM" }), providerId });
    expect(await audit("provider.update")).toHaveLength(1);

    // A new key the provider accepts: stored, and the audit says so, masked.
    const rotated = "sk-rotated-key-5555-Ab12";
    fake.setScenario({ apiKey: rotated });
    await updateProvider(admin, { ...compatible({ apiKey: rotated, name: "Renamed vLLM" }), providerId });
    const row = await db().provider.findUniqueOrThrow({ where: { id: providerId } });
    expect(open(row.apiKeySealed!, "provider.apiKey")).toBe(rotated);
    const entries = await audit("provider.update");
    expect(entries[1]!.details).toEqual({
      provider: "Renamed vLLM",
      before: { apiKey: "••••Zq9X" },
      after: { apiKey: "••••Ab12 (new key)" },
    });
    fake.setScenario({ apiKey: KEY });
  });

  it("disables and deletes a provider (its models go with it), audited and versioned", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    await refreshProviderModels(admin, { providerId });
    await setProviderEnabled(admin, { providerId, enabled: false });
    expect((await db().provider.findUniqueOrThrow({ where: { id: providerId } })).enabled).toBe(false);
    expect((await audit("provider.disable"))[0]!.details).toMatchObject({
      before: { enabled: true },
      after: { enabled: false },
    });
    const before = await version();
    await deleteProvider(admin, { providerId });
    expect(await db().provider.count()).toBe(0);
    expect(await db().modelConfig.count()).toBe(0);
    expect(await version()).toBe(before + 1);
    const [entry] = await audit("provider.delete");
    expect(entry!.details).toMatchObject({ before: { name: "Local vLLM", apiKey: "••••Zq9X" } });
    await expect(deleteProvider(admin, { providerId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("test connection", () => {
  it("lists the models with the form's values, or with the stored key on edit", async () => {
    const { admin } = await setup();
    const { models } = await testProviderConnection(admin, compatible());
    expect(models.map((m) => m.id)).toEqual(["fake-model", "tuned-1", "offline-demo", "settings-model"]);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

    const { providerId } = await createProvider(admin, compatible());
    const again = await testProviderConnection(admin, { ...compatible({ apiKey: "" }), providerId });
    expect(again.models).toHaveLength(4);
  });

  it("says a refused key in plain words, without echoing it", async () => {
    const { admin } = await setup();
    const error = await testProviderConnection(admin, compatible({ apiKey: "sk-nope-4242" })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "VALIDATION", message: "The provider refused the API key." });
    expect(JSON.stringify(error)).not.toContain("sk-nope");
  });

  it("gives up on a provider that does not answer, within the time limit", async () => {
    const { admin } = await setup();
    fake.setScenario({ modelsDelayMs: 5_000 });
    const started = performance.now();
    const error = await testProviderConnection(admin, compatible(), { timeoutMs: 400 }).catch(
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { baseUrl: "The provider did not answer within 400 ms." },
    });
    expect(elapsed).toBeLessThan(2_000);
    fake.setScenario({ modelsDelayMs: 0 });
  });

  it("says when nothing listens at the address, or the answer is not a models list", async () => {
    const { admin } = await setup();
    // A port that was just free: nothing listens there.
    const probe = createServer().listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => probe.once("listening", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(
      testProviderConnection(admin, compatible({ baseUrl: `http://127.0.0.1:${closedPort}/v1` })),
    ).rejects.toMatchObject({
      fieldErrors: { baseUrl: "Nothing accepts connections at the base URL's host and port." },
    });
    // .invalid never resolves (RFC 6761); a resolver without network says so at once too (EAI_AGAIN).
    await expect(
      testProviderConnection(admin, compatible({ baseUrl: "http://flywheel-no-such-host.invalid/v1" })),
    ).rejects.toMatchObject({
      fieldErrors: { baseUrl: "The provider's host name could not be found (DNS)." },
    });
    await expect(testProviderConnection(admin, compatible({ baseUrl: htmlUrl }))).rejects.toMatchObject({
      fieldErrors: { baseUrl: "The provider's answer is not JSON: is the base URL its API root?" },
    });
    await expect(
      testProviderConnection(admin, compatible({ baseUrl: `${fake.url.replace(/\/v1$/, "")}/nope` })),
    ).rejects.toMatchObject({ fieldErrors: { baseUrl: containing("HTTP 404") } });
  });

  it("lists Anthropic's models, every page, with x-api-key and anthropic-version", async () => {
    const { admin } = await setup();
    const base = { type: "anthropic" as const, name: "Anthropic", baseUrl: anthropic.url, headers: "" };
    const { models } = await testProviderConnection(admin, { ...base, apiKey: ANTHROPIC_KEY });
    expect(models).toEqual([
      { id: "claude-sonnet-4-5-20250929", name: "Claude Sonnet 4.5" },
      { id: "claude-haiku-4-5", name: "Claude Haiku 4.5" },
      { id: "claude-next-preview", name: "Claude Next" },
    ]);
    expect(anthropic.requests.at(-1)!.path).toBe("/v1/models?limit=1000&after_id=claude-haiku-4-5");
    await expect(testProviderConnection(admin, { ...base, apiKey: "sk-ant-bad" })).rejects.toMatchObject({
      fieldErrors: { apiKey: "The provider refused the API key." },
    });
  });
});

describe("models", () => {
  it("refresh adds the listed models disabled, skips ids taken elsewhere, and is idempotent", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    const first = await refreshProviderModels(admin, { providerId });
    expect(first).toEqual({
      added: ["fake-model", "tuned-1"],
      skipped: ["offline-demo", "settings-model"],
      unlisted: [],
    });
    const rows = await db().modelConfig.findMany({ orderBy: { modelId: "asc" } });
    expect(rows.map((r) => [r.modelId, r.enabled, r.contextWindow])).toEqual([
      ["fake-model", false, 8192],
      ["tuned-1", false, 8192],
    ]);
    fake.setScenario({ models: ["fake-model"] });
    const second = await refreshProviderModels(admin, { providerId });
    expect(second).toEqual({ added: [], skipped: [], unlisted: ["tuned-1"] });
    expect((await audit("provider.refresh"))[0]!.details).toMatchObject({ added: ["fake-model", "tuned-1"] });
  });

  it("prefills an Anthropic model from the price table", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, {
      type: "anthropic",
      name: "Anthropic",
      baseUrl: anthropic.url,
      apiKey: ANTHROPIC_KEY,
    });
    const result = await refreshProviderModels(admin, { providerId });
    expect(result.added).toHaveLength(3);
    const sonnet = await db().modelConfig.findUniqueOrThrow({
      where: { modelId: "claude-sonnet-4-5-20250929" },
    });
    expect(sonnet).toMatchObject({
      displayName: "Claude Sonnet 4.5",
      inputPricePerMTok: 3,
      cachedInputPricePerMTok: 0.3,
      outputPricePerMTok: 15,
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
    });
    const detail = await getAdminModel(admin, sonnet.id);
    expect(detail.table).toMatchObject({ input: 3, date: PRICE_TABLE_DATE });
    const preview = await db().modelConfig.findUniqueOrThrow({ where: { modelId: "claude-next-preview" } });
    expect(preview.inputPricePerMTok).toBeNull();
  });

  it("adds a model by id, refusing ids in use anywhere in the registry", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    const other = await createProvider(admin, compatible({ name: "Other" }));
    await addModel(admin, { providerId, modelId: "ft:gpt-4.1-mini:acme::abc123" });
    const added = await db().modelConfig.findUniqueOrThrow({
      where: { modelId: "ft:gpt-4.1-mini:acme::abc123" },
    });
    expect(added).toMatchObject({ enabled: true, upstreamId: "ft:gpt-4.1-mini:acme::abc123" });
    for (const modelId of ["ft:gpt-4.1-mini:acme::abc123", "settings-model", "offline-demo"]) {
      await expect(addModel(admin, { providerId: other.providerId, modelId })).rejects.toMatchObject({
        code: "VALIDATION",
        fieldErrors: { modelId: containing("already in use") },
      });
    }
    await expect(addModel(admin, { providerId, modelId: "has space" })).rejects.toMatchObject({
      fieldErrors: { modelId: containing("") },
    });
    expect(await db().modelConfig.count()).toBe(1);
  });

  const edit = (modelConfigId: string, overrides: Record<string, unknown> = {}) => ({
    modelConfigId,
    displayName: "Tuned one",
    description: "Our support model.",
    contextWindow: "32000",
    maxOutputTokens: "4096",
    inputPricePerMTok: "0.5",
    cachedInputPricePerMTok: "0.25",
    outputPricePerMTok: "1.5",
    allowedRoles: ["ADMIN"],
    temperature: "0.3",
    topP: "",
    maxTokens: "1024",
    enabled: true,
    ...overrides,
  });

  it("edits a model; bad figures are field errors and change nothing", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    const { modelConfigId } = await addModel(admin, { providerId, modelId: "tuned-1" });
    const start = await version();

    for (const [field, value, message] of [
      ["inputPricePerMTok", "-1", "cannot be below 0"],
      ["outputPricePerMTok", "20000", "cannot be above 10,000"],
      ["cachedInputPricePerMTok", "abc", "must be a number"],
      ["contextWindow", "0", "cannot be below 1"],
      ["contextWindow", "", "Enter the context window"],
      ["maxOutputTokens", "64000", "cannot exceed the context window"],
      ["temperature", "3", "cannot be above 2"],
      ["allowedRoles", [], "at least one role"],
    ] as const) {
      await expect(updateModel(admin, edit(modelConfigId, { [field]: value }))).rejects.toMatchObject({
        code: "VALIDATION",
        fieldErrors: { [field]: containing(message) },
      });
    }
    expect(await version()).toBe(start);

    await updateModel(admin, edit(modelConfigId));
    const row = await db().modelConfig.findUniqueOrThrow({ where: { id: modelConfigId } });
    expect(row).toMatchObject({
      displayName: "Tuned one",
      contextWindow: 32_000,
      maxOutputTokens: 4096,
      inputPricePerMTok: 0.5,
      allowedRoles: ["ADMIN"],
      defaultParams: { temperature: 0.3, maxTokens: 1024 },
    });
    expect(await version()).toBe(start + 1);
    const [entry] = await audit("model.update");
    expect(entry).toMatchObject({ targetType: "model", targetId: "tuned-1" });
    expect(entry!.details).toMatchObject({
      before: { displayName: "tuned-1", inputPricePerMTok: null, allowedRoles: ["ADMIN", "USER"] },
      after: { displayName: "Tuned one", inputPricePerMTok: 0.5, allowedRoles: ["ADMIN"] },
    });
    expect(Object.keys((entry!.details as { after: object }).after)).not.toContain("modelId");
  });

  it("the default model: only an enabled one, and it cannot be disabled or deleted from under the chats", async () => {
    const { admin } = await setup();
    const { providerId } = await createProvider(admin, compatible());
    await refreshProviderModels(admin, { providerId });
    const tuned = await db().modelConfig.findUniqueOrThrow({ where: { modelId: "tuned-1" } });
    await expect(setDefaultModel(admin, { modelId: "tuned-1" })).rejects.toMatchObject({
      fieldErrors: { modelId: "Choose an enabled model." },
    });
    await expect(setDefaultModel(admin, { modelId: "no-such-model" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await setModelEnabled(admin, { modelConfigId: tuned.id, enabled: true });
    await setDefaultModel(admin, { modelId: "tuned-1" });
    expect((await readRegistryState()).defaultModelId).toBe("tuned-1");
    expect((await audit("model.default"))[0]!.details).toEqual({
      before: { defaultModelId: null },
      after: { defaultModelId: "tuned-1" },
    });
    const overview = await getModelsOverview(admin);
    expect(overview.defaultModelId).toBe("tuned-1");
    expect(overview.defaultChoices.map((c) => c.id)).toEqual(["tuned-1", "settings-model", "offline-demo"]);

    const start = await version();
    await expect(deleteModel(admin, { modelConfigId: tuned.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setModelEnabled(admin, { modelConfigId: tuned.id, enabled: false })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(deleteProvider(admin, { providerId })).rejects.toMatchObject({ code: "CONFLICT" });
    // A refused change bumps nothing: the bump is in the change's own transaction.
    expect(await version()).toBe(start);

    await setDefaultModel(admin, { modelId: "offline-demo" });
    await deleteModel(admin, { modelConfigId: tuned.id });
    expect(await db().modelConfig.findUnique({ where: { id: tuned.id } })).toBeNull();
    expect((await audit("model.delete"))[0]!.details).toMatchObject({
      before: { modelId: "tuned-1", enabled: true },
    });
    expect(await version()).toBe(start + 2);
  });
});
