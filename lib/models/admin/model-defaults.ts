import "server-only";
import { DEFAULT_CONTEXT_WINDOW } from "../settings-models";
import { tablePrice } from "../price-table";
import type { ProviderTypeName } from "./schemas";

/**
 * A new model's limits and prices: the price table's for OpenAI and Anthropic providers (the admin can
 * override them), the type's default window and no prices otherwise. A compatible server's "gpt-4o" is
 * whatever it serves, at no list price.
 */
export function newModelFigures(type: ProviderTypeName, upstreamId: string) {
  const listed = type === "openai-compatible" ? undefined : tablePrice(upstreamId);
  return {
    contextWindow: listed?.contextWindow ?? DEFAULT_CONTEXT_WINDOW[type],
    maxOutputTokens: listed?.maxOutputTokens ?? null,
    inputPricePerMTok: listed?.input ?? null,
    cachedInputPricePerMTok: listed?.cachedInput ?? null,
    outputPricePerMTok: listed?.output ?? null,
  };
}
