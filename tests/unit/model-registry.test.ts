import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@/lib/ai/model-info";
import { modelParams } from "@/lib/models/model-params";
import {
  buildSnapshot,
  defaultFor,
  findFor,
  modelsFor,
  type AdminModelRow,
  type AdminProviderRow,
} from "@/lib/models/registry-snapshot";
import { offlineModelInfo } from "@/lib/models/settings-models";

// The registry's rules on plain values: which models are listed, in what order, to whom, and which
// one new chats start with.

function info(id: string, provider: ModelInfo["provider"] = "openai-compatible"): ModelInfo {
  return {
    id,
    name: `Name of ${id}`,
    description: "",
    provider,
    providerName: provider,
    contextWindow: 8192,
    maxOutputTokens: null,
    inputPricePerMTok: null,
    cachedInputPricePerMTok: null,
    outputPricePerMTok: null,
  };
}

function adminModel(id: string, extra: Partial<AdminModelRow> = {}): AdminModelRow {
  return { info: info(id), roles: ["USER", "ADMIN"], upstreamId: id, params: {}, enabled: true, ...extra };
}

function adminProvider(id: string, models: AdminModelRow[], enabled = true): AdminProviderRow {
  return {
    provider: { id, type: "openai-compatible", name: id, baseUrl: "http://x/v1", apiKey: "k", headers: {} },
    enabled,
    models,
  };
}

function snapshot(
  overrides: Partial<Parameters<typeof buildSnapshot>[0]> = {},
): ReturnType<typeof buildSnapshot> {
  return buildSnapshot({
    version: 1,
    settingsModels: [info("settings-a", "openai"), info("settings-b", "openai")],
    adminProviders: [
      adminProvider("p1", [adminModel("admin-1"), adminModel("admin-2")]),
      adminProvider("p2", [adminModel("admin-3")]),
    ],
    offline: offlineModelInfo(),
    storedDefaultId: null,
    settingsDefaultId: undefined,
    ...overrides,
  });
}

const ids = (models: { info: ModelInfo }[]) => models.map((m) => m.info.id);

describe("model registry", () => {
  it("lists the settings' models, then the admins' by provider, then the offline model", () => {
    expect(ids(modelsFor(snapshot(), "USER"))).toEqual([
      "settings-a",
      "settings-b",
      "admin-1",
      "admin-2",
      "admin-3",
      "offline-demo",
    ]);
  });

  it("neither lists nor resolves disabled models, nor the models of a disabled provider", () => {
    const s = snapshot({
      adminProviders: [
        adminProvider("p1", [adminModel("admin-1", { enabled: false }), adminModel("admin-2")]),
        adminProvider("p2", [adminModel("admin-3")], false),
      ],
    });
    expect(ids(modelsFor(s, "ADMIN"))).toEqual(["settings-a", "settings-b", "admin-2", "offline-demo"]);
    expect(findFor(s, "admin-1", "ADMIN")).toBeUndefined();
    expect(findFor(s, "admin-3", "ADMIN")).toBeUndefined();
    // Their names are still known, for the answers they made.
    expect(s.names.get("admin-1")).toBe("Name of admin-1");
    expect(s.names.get("admin-3")).toBe("Name of admin-3");
    // A disabled model of an enabled provider is held for evaluations; a disabled provider's is not.
    expect([...s.held.keys()]).toEqual(["admin-1"]);
  });

  it("offers a model only to its roles; the settings' and the offline model to everyone", () => {
    const s = snapshot({
      adminProviders: [adminProvider("p1", [adminModel("admins-only", { roles: ["ADMIN"] })])],
    });
    expect(ids(modelsFor(s, "USER"))).toEqual(["settings-a", "settings-b", "offline-demo"]);
    expect(ids(modelsFor(s, "ADMIN"))).toEqual(["settings-a", "settings-b", "admins-only", "offline-demo"]);
    expect(findFor(s, "admins-only", "USER")).toBeUndefined();
    expect(findFor(s, "admins-only", "ADMIN")?.info.id).toBe("admins-only");
    expect(s.byId.get("settings-a")?.roles).toBeNull();
    expect(s.byId.get("offline-demo")?.roles).toBeNull();
  });

  it("sends the upstream id, while users and answers see the model id", () => {
    const s = snapshot({
      adminProviders: [
        adminProvider("p1", [adminModel("support-bot", { upstreamId: "ft:gpt-4o-mini:acme:123" })]),
      ],
    });
    const model = findFor(s, "support-bot", "USER")!;
    expect(model.info.id).toBe("support-bot");
    expect(model.upstreamId).toBe("ft:gpt-4o-mini:acme:123");
    expect(model.provider?.id).toBe("p1");
  });

  it("keeps the first of two models with the same id, and says so", () => {
    const s = snapshot({
      adminProviders: [adminProvider("p1", [adminModel("settings-a"), adminModel("offline-demo")])],
    });
    expect(ids(modelsFor(s, "USER"))).toEqual(["settings-a", "settings-b", "offline-demo"]);
    expect(s.byId.get("settings-a")?.provider).toBeNull();
    expect(s.byId.get("offline-demo")?.info.provider).toBe("offline");
    expect(s.warnings).toHaveLength(2);
  });

  describe("the default for new chats", () => {
    it("is the admin's choice, over DEFAULT_MODEL, over the first listed", () => {
      expect(
        defaultFor(snapshot({ storedDefaultId: "admin-2", settingsDefaultId: "settings-b" }), "USER"),
      ).toBe("admin-2");
      expect(defaultFor(snapshot({ storedDefaultId: null, settingsDefaultId: "settings-b" }), "USER")).toBe(
        "settings-b",
      );
      expect(defaultFor(snapshot(), "USER")).toBe("settings-a");
    });

    it("skips the admin's choice when it is disabled or not open to the role", () => {
      const restricted = snapshot({
        adminProviders: [adminProvider("p1", [adminModel("admins-only", { roles: ["ADMIN"] })])],
        storedDefaultId: "admins-only",
        settingsDefaultId: "settings-b",
      });
      expect(defaultFor(restricted, "USER")).toBe("settings-b");
      expect(defaultFor(restricted, "ADMIN")).toBe("admins-only");
      const disabled = snapshot({
        adminProviders: [adminProvider("p1", [adminModel("admin-1", { enabled: false })])],
        storedDefaultId: "admin-1",
      });
      expect(defaultFor(disabled, "USER")).toBe("settings-a");
    });

    it("lets DEFAULT_MODEL name an admin's model, and ignores (with a warning) one nobody knows", () => {
      expect(defaultFor(snapshot({ settingsDefaultId: "admin-3" }), "USER")).toBe("admin-3");
      const unknown = snapshot({ settingsDefaultId: "typo-model" });
      expect(unknown.settingsDefaultId).toBeUndefined();
      expect(defaultFor(unknown, "USER")).toBe("settings-a");
      expect(unknown.warnings.join("\n")).toContain('DEFAULT_MODEL "typo-model"');
    });

    it("falls back to the offline model when nothing else is there", () => {
      const empty = snapshot({ settingsModels: [], adminProviders: [] });
      expect(ids(modelsFor(empty, "USER"))).toEqual(["offline-demo"]);
      expect(defaultFor(empty, "USER")).toBe("offline-demo");
    });
  });

  describe("default parameters", () => {
    it("takes the admin's temperature, top_p and max tokens, and the model's output limit otherwise", () => {
      expect(modelParams({ temperature: 0.2, topP: 0.9, maxTokens: 500 }, 4096)).toEqual({
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 500,
      });
      expect(modelParams({}, 4096)).toEqual({ maxOutputTokens: 4096 });
      expect(modelParams({}, null)).toEqual({});
    });

    it("drops values a provider would refuse rather than sending them", () => {
      expect(modelParams({ temperature: 7, topP: "high", maxTokens: -1 }, null)).toEqual({});
      expect(modelParams("not an object", 100)).toEqual({ maxOutputTokens: 100 });
    });

    it("sends a settings model's known output limit", () => {
      const s = snapshot({ settingsModels: [{ ...info("gpt-x", "openai"), maxOutputTokens: 16_384 }] });
      expect(s.byId.get("gpt-x")?.params).toEqual({ maxOutputTokens: 16_384 });
    });
  });
});
