import { describe, expect, it } from "vitest";
import {
  capabilityErrors,
  fitParams,
  jsonUnsupportedReason,
  maxTemperature,
  modelCapabilities,
  PARAM_KEYS,
  unsupportedReason,
} from "@/lib/playground/capabilities";

const model = (
  provider: "offline" | "openai" | "openai-compatible" | "anthropic",
  upstreamId = "m",
  name = upstreamId,
) => ({
  name,
  capabilities: modelCapabilities({ provider, name, upstreamId }),
});

describe("playground capability rules", () => {
  it("lets OpenAI-compatible servers and OpenAI's chat models take every parameter", () => {
    for (const m of [
      model("openai-compatible", "llama3"),
      model("openai", "gpt-4o-mini"),
      model("openai", "gpt-5-chat-latest"),
    ]) {
      for (const key of PARAM_KEYS) expect(m.capabilities.params[key]).toBeNull();
      expect(m.capabilities.json).toBeNull();
      expect(m.capabilities.maxTemperature).toBe(2);
    }
  });

  it("gives the offline demo model the seed, stop sequences and length only, and no JSON", () => {
    const offline = model("offline", "offline-demo");
    const supported = PARAM_KEYS.filter((key) => offline.capabilities.params[key] === null);
    expect(supported).toEqual(["maxOutputTokens", "stopSequences", "seed"]);
    expect(offline.capabilities.params.presencePenalty).toBe("The offline demo model ignores it.");
    expect(offline.capabilities.json).toBe("The offline demo model writes prose only.");
  });

  it("takes sampling and penalties away from OpenAI's reasoning models", () => {
    for (const id of ["o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "openai/gpt-5"]) {
      const { params } = model("openai", id).capabilities;
      expect([
        params.temperature,
        params.topP,
        params.presencePenalty,
        params.frequencyPenalty,
      ]).not.toContain(null);
      expect([params.seed, params.maxOutputTokens, params.stopSequences]).toEqual([null, null, null]);
    }
  });

  it("gives Anthropic no seed or penalties, temperature up to 1, and JSON only with a schema", () => {
    const claude = model("anthropic", "claude-sonnet-4-5");
    expect(claude.capabilities.params.seed).not.toBeNull();
    expect(claude.capabilities.params.presencePenalty).not.toBeNull();
    expect(claude.capabilities.params.topP).toBeNull();
    expect(claude.capabilities.maxTemperature).toBe(1);
    expect(capabilityErrors([claude], { responseFormat: { type: "json" } })).toEqual({
      "params.responseFormat": "JSON output needs a schema for claude-sonnet-4-5.",
    });
    expect(
      capabilityErrors([claude], { responseFormat: { type: "json", schema: '{"type":"object"}' } }),
    ).toEqual({});
    expect(capabilityErrors([claude], { temperature: 1.5 })).toEqual({
      "params.temperature": "Temperature is at most 1 for the chosen model.",
    });
  });

  it("in Compare, turns a parameter off when any chosen model cannot take it, naming that model", () => {
    const models = [
      model("openai-compatible", "llama3", "Llama"),
      model("offline", "offline-demo", "Offline demo"),
    ];
    expect(unsupportedReason(models, "seed")).toBeNull();
    expect(unsupportedReason(models, "temperature")).toBe("Offline demo: The offline demo model ignores it.");
    expect(jsonUnsupportedReason(models)).toBe("Offline demo: The offline demo model writes prose only.");
    expect(maxTemperature([...models, model("anthropic", "claude", "Claude")])).toBe(1);
  });

  it("refuses only what is set: unset parameters mean the model's defaults", () => {
    const offline = [model("offline", "offline-demo")];
    expect(capabilityErrors(offline, {})).toEqual({});
    expect(capabilityErrors(offline, { seed: 1, maxOutputTokens: 5, stopSequences: ["x"] })).toEqual({});
    expect(Object.keys(capabilityErrors(offline, { temperature: 0.5, frequencyPenalty: 1 }))).toEqual([
      "params.temperature",
      "params.frequencyPenalty",
    ]);
  });
});

describe("fitting the parameters to other models", () => {
  it("drops what the new models cannot take and brings the temperature into their range", () => {
    const params = {
      temperature: 1.6,
      seed: 3,
      presencePenalty: 1,
      responseFormat: { type: "json" as const, schema: "" },
    };
    expect(fitParams([model("offline", "offline-demo")], params)).toEqual({ seed: 3 });
    expect(fitParams([model("anthropic", "claude")], params)).toEqual({
      temperature: 1,
      responseFormat: { type: "json", schema: "" },
    });
    expect(fitParams([model("openai-compatible", "llama")], params)).toEqual(params);
  });
});
