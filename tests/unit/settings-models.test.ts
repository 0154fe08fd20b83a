import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import { tablePrice, PRICE_TABLE_DATE } from "@/lib/models/price-table";
import { offlineModelInfo, settingsProviders } from "@/lib/models/settings-models";

describe("price table", () => {
  it("has a date and finds dated snapshots and aliases under their family", () => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tablePrice("gpt-4o-2024-08-06")).toEqual(tablePrice("gpt-4o"));
    expect(tablePrice("claude-sonnet-4-5-20250929")?.output).toBe(15);
    expect(tablePrice("claude-3-5-haiku-latest")?.input).toBe(0.8);
    expect(tablePrice("my-fine-tune")).toBeUndefined();
  });
});

describe("settings providers", () => {
  it("groups the settings' models by provider, priced from the table unless the settings say otherwise", () => {
    const settings = parseEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_MODELS: "gpt-4.1-mini,ft:gpt-4.1-mini:acme",
      OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_COMPATIBLE_MODELS: "gpt-4o",
      OPENAI_COMPATIBLE_NAME: "Local",
    });
    const providers = settingsProviders(settings);
    expect(providers.map((p) => [p.key, p.name, p.baseUrl])).toEqual([
      ["settings:openai", "OpenAI", null],
      ["settings:openai-compatible", "Local", "http://127.0.0.1:9/v1"],
    ]);
    const [mini, fineTune] = providers[0]!.models;
    expect(mini).toMatchObject({
      inputPricePerMTok: 0.4,
      cachedInputPricePerMTok: 0.1,
      outputPricePerMTok: 1.6,
    });
    expect(fineTune).toMatchObject({ inputPricePerMTok: null, contextWindow: 128_000 });
    // A self-hosted "gpt-4o" is not OpenAI's: no list price, the small default window.
    expect(providers[1]!.models[0]).toMatchObject({ inputPricePerMTok: null, contextWindow: 8_192 });
    expect(JSON.stringify(providers)).not.toContain("sk-test");
  });

  it("offers the offline model at no cost", () => {
    expect(offlineModelInfo()).toMatchObject({
      id: "offline-demo",
      inputPricePerMTok: 0,
      outputPricePerMTok: 0,
    });
  });
});
