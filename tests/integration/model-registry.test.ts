import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { readAll, textOf } from "../helpers/ui-stream";
import { addProvider, changeRegistry } from "../helpers/registry-rows";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type * as Registry from "@/lib/models/registry";
import type { db } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { availableModels } from "@/lib/models/available-models";

// The registry against a real database and a real OpenAI-compatible HTTP server: admin providers are
// listed and called as stored, changes are seen without a restart, and an answer already streaming
// survives its provider's deletion.
let fake: FakeOpenAI;
let lib: {
  registry: typeof Registry;
  db: typeof db;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  availableModels: typeof availableModels;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // Only the offline model from the settings: every other model here is an admin's.
  for (const name of [
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
    "OPENAI_COMPATIBLE_MODELS",
    "MODELS_FILE",
  ]) {
    delete process.env[name];
  }
  process.env.DEFAULT_MODEL = "offline-demo";
  process.env.TITLE_GENERATION = "off";
  lib = {
    registry: await import("@/lib/models/registry"),
    db: (await import("@/lib/db/client")).db,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    availableModels: (await import("@/lib/models/available-models")).availableModels,
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  lib.registry.invalidateRegistry();
  fake.requests.length = 0;
  fake.setScenario({ words: 12, chunkDelayMs: 2, text: undefined, failWith: undefined });
});

function submit(
  text: string,
  modelId: string,
  conversationId: string | null = null,
  parentId: string | null = null,
) {
  return { trigger: "submit", conversationId, parentId, message: { id: randomUUID(), text }, modelId };
}

const listedIds = async (role: "USER" | "ADMIN") =>
  (await lib.registry.modelsForRole(role)).models.map((model) => model.id);

describe("model registry on PostgreSQL", () => {
  it("lists an admin's model once its change is committed, within the check interval, on its own", async () => {
    expect(await listedIds("USER")).toEqual(["offline-demo"]);
    await addProvider({ baseUrl: fake.url, models: [{ modelId: "team-model", displayName: "Team model" }] });
    const changedAt = performance.now();
    // No invalidate(): what another instance sees, by the version alone.
    while (!(await listedIds("USER")).includes("team-model")) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const elapsed = performance.now() - changedAt;
    expect(elapsed).toBeLessThanOrEqual(lib.registry.REGISTRY_CHECK_MS + 500);
    expect(await listedIds("USER")).toEqual(["team-model", "offline-demo"]);
  });

  it("calls the provider with its key, extra headers, upstream id and default parameters; the answer records the model id", async () => {
    await addProvider({
      baseUrl: fake.url,
      apiKey: "sk-admin-secret-1234",
      headers: { "X-Gateway-Key": "gw-secret" },
      models: [
        {
          modelId: "support-bot",
          upstreamId: "ft:fake-model:acme:42",
          defaultParams: { temperature: 0.3, topP: 0.8 },
          maxOutputTokens: 256,
        },
      ],
    });
    lib.registry.invalidateRegistry();
    const { actor } = await createUser();
    fake.setScenario({ text: "From the admin's provider." });
    const turn = await lib.prepareTurn(actor, submit("hello", "support-bot"));
    expect(textOf(await readAll(lib.streamTurn(turn)))).toBe("From the admin's provider.");

    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe("Bearer sk-admin-secret-1234");
    expect(request.headers["x-gateway-key"]).toBe("gw-secret");
    expect(request.body).toMatchObject({
      model: "ft:fake-model:acme:42",
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 256,
    });
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer).toMatchObject({
      modelId: "support-bot",
      provider: "openai-compatible",
      status: "complete",
    });
    expect(answer.params).toMatchObject({ temperature: 0.3, topP: 0.8, maxOutputTokens: 256 });
  });

  it("calls an admin's OpenAI-type provider through the SDK with the same key, headers, upstream id and parameters", async () => {
    await addProvider({
      type: "openai",
      baseUrl: fake.url,
      apiKey: "sk-openai-type-5678",
      headers: { "OpenAI-Organization": "org-acme" },
      models: [
        {
          modelId: "acme-gpt",
          upstreamId: "fake-model",
          defaultParams: { temperature: 0.5, maxTokens: 300 },
        },
      ],
    });
    lib.registry.invalidateRegistry();
    const { actor } = await createUser();
    fake.setScenario({ text: "Through the SDK." });
    const turn = await lib.prepareTurn(actor, submit("hello", "acme-gpt"));
    expect(turn.upstream).toBeUndefined();
    expect(textOf(await readAll(lib.streamTurn(turn)))).toBe("Through the SDK.");
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer sk-openai-type-5678");
    expect(request.headers["openai-organization"]).toBe("org-acme");
    expect(request.body).toMatchObject({ model: "fake-model", temperature: 0.5 });
    const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
    expect(body.max_tokens ?? body.max_completion_tokens).toBe(300);
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer).toMatchObject({ modelId: "acme-gpt", provider: "openai", status: "complete" });
  });

  it("offers a role-restricted model only to its roles; to others it is an unknown model", async () => {
    await addProvider({ baseUrl: fake.url, models: [{ modelId: "admins-only", allowedRoles: ["ADMIN"] }] });
    lib.registry.invalidateRegistry();
    const { actor: user } = await createUser();
    const { actor: admin } = await createUser({ role: "ADMIN" });
    expect((await lib.availableModels(user)).models.map((m) => m.id)).toEqual(["offline-demo"]);
    expect((await lib.availableModels(admin)).models.map((m) => m.id)).toEqual([
      "admins-only",
      "offline-demo",
    ]);

    const refused = submit("hi", "admins-only");
    await expect(lib.prepareTurn(user, refused)).rejects.toThrow(/^Unknown model "admins-only"/);
    await expect(lib.prepareTurn(user, refused)).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await lib.db().message.count()).toBe(0);
    const turn = await lib.prepareTurn(admin, submit("hi", "admins-only"));
    expect(turn.info.id).toBe("admins-only");
    await readAll(lib.streamTurn(turn));
  });

  it("neither lists nor calls a disabled provider's models, and the admin's default wins over DEFAULT_MODEL", async () => {
    const off = await addProvider({
      name: "Off",
      baseUrl: fake.url,
      enabled: false,
      models: [{ modelId: "off-model" }],
    });
    await addProvider({
      name: "On",
      baseUrl: fake.url,
      models: [{ modelId: "on-model" }, { modelId: "disabled-model", enabled: false }],
    });
    await changeRegistry((tx) =>
      tx.registryState.update({ where: { id: 1 }, data: { defaultModelId: "on-model" } }),
    );
    lib.registry.invalidateRegistry();
    const { actor } = await createUser();
    expect(await lib.availableModels(actor)).toMatchObject({
      models: [{ id: "on-model" }, { id: "offline-demo" }],
      defaultModelId: "on-model",
    });
    await expect(lib.prepareTurn(actor, submit("hi", "off-model"))).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(lib.prepareTurn(actor, submit("hi", "disabled-model"))).rejects.toMatchObject({
      code: "VALIDATION",
    });
    // The disabled ones still have their names for old answers.
    expect(await lib.registry.modelNames(["off-model", "disabled-model", "gone"])).toEqual({
      "off-model": "off-model",
      "disabled-model": "disabled-model",
    });
    expect(off).toBeTruthy();
  });

  it("GET /api/models' answer carries no URL or key", async () => {
    await addProvider({
      baseUrl: fake.url,
      apiKey: "sk-never-shown-9876",
      headers: { "X-Secret": "hdr-never-shown" },
      models: [{ modelId: "m" }],
    });
    lib.registry.invalidateRegistry();
    const { actor } = await createUser();
    const text = JSON.stringify(await lib.availableModels(actor));
    for (const secret of ["sk-never-shown-9876", "hdr-never-shown", fake.url])
      expect(text).not.toContain(secret);
    await expect(lib.availableModels(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("a provider deleted while an answer streams: the answer finishes and is saved; the next turn is refused and loses nothing", async () => {
    const providerId = await addProvider({
      baseUrl: fake.url,
      models: [{ modelId: "doomed", displayName: "Doomed model" }],
    });
    lib.registry.invalidateRegistry();
    const { actor } = await createUser();
    fake.setScenario({ words: 40, chunkDelayMs: 40 });
    const turn = await lib.prepareTurn(actor, submit("tell me a story", "doomed"));
    const reading = readAll(lib.streamTurn(turn));
    // Mid-stream: the row goes, the version moves on, and this instance reads the registry again.
    while (fake.requests.at(-1)?.chunksSent === undefined || fake.requests.at(-1)!.chunksSent < 5) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await changeRegistry((tx) => tx.provider.delete({ where: { id: providerId } }));
    lib.registry.invalidateRegistry();
    expect(await listedIds("USER")).toEqual(["offline-demo"]);
    expect(fake.requests.at(-1)!.chunksSent).toBeLessThan(40);

    const chunks = await reading;
    expect(textOf(chunks).split(" ")).toHaveLength(40);
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer).toMatchObject({ status: "complete", modelId: "doomed", text: textOf(chunks) });

    // A new turn with the deleted model: a clear error before anything is written.
    const before = await lib.db().message.count();
    await expect(
      lib.prepareTurn(actor, submit("and another", "doomed", turn.conversationId, turn.assistantId)),
    ).rejects.toThrow(/not available.*Pick a model from the list/);
    expect(await lib.db().message.count()).toBe(before);
    // The old answer keeps its id; with the model gone, the id is what the chat shows.
    expect(await lib.registry.modelNames(["doomed"])).toEqual({});
  });

  it("a provider whose secrets cannot be opened is left out; the others stay", async () => {
    await addProvider({ name: "Good", baseUrl: fake.url, models: [{ modelId: "good" }] });
    const bad = await addProvider({
      name: "Bad",
      baseUrl: fake.url,
      apiKey: "sk-x",
      models: [{ modelId: "bad" }],
    });
    await changeRegistry((tx) =>
      tx.provider.update({ where: { id: bad }, data: { apiKeySealed: "fw1.deadbeef.a.b.c" } }),
    );
    lib.registry.invalidateRegistry();
    expect(await listedIds("USER")).toEqual(["good", "offline-demo"]);
  });
});
