import { describe, expect, it } from "vitest";
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, backoffMs } from "@/lib/fine-tuning/backoff";
import { canonicalJson, requestKeyOf } from "@/lib/fine-tuning/request-key";
import { METHOD_OF_FORMAT } from "@/lib/fine-tuning/methods";

describe("the poller's back-off", () => {
  it("doubles from 5 s and stops at 10 min", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(1)).toBe(BACKOFF_FIRST_MS);
    expect(backoffMs(8)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(500)).toBe(BACKOFF_MAX_MS);
  });

  it("waits at least what the provider asked for with Retry-After", () => {
    expect(backoffMs(1, 120_000)).toBe(120_000);
    expect(backoffMs(3, 1_000)).toBe(20_000);
    expect(backoffMs(1, 30 * 60_000)).toBe(30 * 60_000);
  });
});

describe("the request key", () => {
  it("is the same for the same request whatever the key order, and differs for another", () => {
    const a = { baseModel: "m", hyperparameters: { epochs: 2, batchSize: 8 }, seed: null };
    const b = { seed: null, hyperparameters: { batchSize: 8, epochs: 2 }, baseModel: "m" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestKeyOf(a)).toBe(requestKeyOf(b));
    expect(requestKeyOf(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestKeyOf({ ...a, hyperparameters: { epochs: 3, batchSize: 8 } })).not.toBe(requestKeyOf(a));
  });
});

describe("formats a service trains on", () => {
  it("maps OpenAI SFT and DPO exports to their methods and nothing else", () => {
    expect(METHOD_OF_FORMAT["openai-sft"]).toBe("sft");
    expect(METHOD_OF_FORMAT["openai-dpo"]).toBe("dpo");
    expect(METHOD_OF_FORMAT["trl-sft"]).toBeUndefined();
    expect(METHOD_OF_FORMAT["raw"]).toBeUndefined();
  });
});
