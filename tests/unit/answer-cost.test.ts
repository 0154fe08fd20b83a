import { describe, expect, it } from "vitest";
import { answerCostUsd } from "@/lib/usage/answer-cost";
import { formatCost, formatTokens } from "@/lib/usage/format-usage";
import { countContext, encodingFor, loadCounter } from "@/lib/usage/token-count";

const prices = { inputPricePerMTok: 2.5, cachedInputPricePerMTok: 1.25, outputPricePerMTok: 10 };

describe("answerCostUsd", () => {
  it("bills uncached input, cached input and output at their own prices", () => {
    const cost = answerCostUsd({ inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 500 }, prices);
    expect(cost).toBeCloseTo((6_000 * 2.5 + 4_000 * 1.25 + 500 * 10) / 1e6, 15);
  });

  it("bills cached input at the input price when the model has no cached price", () => {
    const cost = answerCostUsd(
      { inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 0 },
      { ...prices, cachedInputPricePerMTok: null },
    );
    expect(cost).toBeCloseTo((10_000 * 2.5) / 1e6, 15);
  });

  it("never bills more cached tokens than there were input tokens", () => {
    const cost = answerCostUsd({ inputTokens: 100, cachedInputTokens: 500, outputTokens: 0 }, prices);
    expect(cost).toBeCloseTo((100 * 1.25) / 1e6, 15);
  });

  it("is unknown (null) when the input or output price is", () => {
    const tokens = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 };
    expect(answerCostUsd(tokens, { ...prices, inputPricePerMTok: null })).toBeNull();
    expect(answerCostUsd(tokens, { ...prices, outputPricePerMTok: null })).toBeNull();
  });

  it("is 0 for a free model", () => {
    const free = { inputPricePerMTok: 0, cachedInputPricePerMTok: 0, outputPricePerMTok: 0 };
    expect(answerCostUsd({ inputTokens: 5, cachedInputTokens: 0, outputTokens: 5 }, free)).toBe(0);
  });
});

describe("formatCost and formatTokens", () => {
  it("shows small sums with four decimals and tiny ones as under $0.0001", () => {
    expect(formatCost(0.0012)).toBe("$0.0012");
    expect(formatCost(0.00004)).toBe("<$0.0001");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(12.345)).toBe("$12.35");
    expect(formatCost(null)).toBe("—");
  });

  it("groups thousands", () => {
    expect(formatTokens(128_000)).toBe("128,000");
    expect(formatTokens(null)).toBe("—");
  });
});

describe("token counting", () => {
  it("uses o200k_base for recent OpenAI models and cl100k_base for everything else", () => {
    for (const id of ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5", "o3-mini", "o1", "openai/gpt-4o"]) {
      expect(encodingFor(id), id).toBe("o200k_base");
    }
    for (const id of ["gpt-4", "gpt-3.5-turbo", "claude-sonnet-4-5", "llama3.1:8b", "offline-demo", ""]) {
      expect(encodingFor(id), id).toBe("cl100k_base");
    }
  });

  it("counts with the model's encoding, special-token markers as plain text", async () => {
    const o200k = await loadCounter("o200k_base");
    const cl100k = await loadCounter("cl100k_base");
    expect(o200k("hello world")).toBe(2);
    expect(cl100k("hello world")).toBe(2);
    // Text where the two vocabularies differ.
    expect(o200k("Ünïcödé façade naïveté")).not.toBe(cl100k("Ünïcödé façade naïveté"));
    expect(cl100k("a <|endoftext|> b")).toBeGreaterThan(3);
    expect(cl100k("")).toBe(0);
  });

  it("adds the chat framing: 3 tokens per message and 3 to prime the answer", async () => {
    const count = await loadCounter("cl100k_base");
    expect(countContext(count, "", [])).toBe(3);
    expect(countContext(count, "Be brief.", [{ role: "user", text: "hello world" }])).toBe(
      3 + (3 + count("Be brief.")) + (3 + 2),
    );
  });
});
