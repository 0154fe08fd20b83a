// What an answer cost, from its token counts and the model's prices (USD per 1M tokens). Pure, so the
// same maths serves the save path, the sweep and the tests.

export type TokenCounts = { inputTokens: number; cachedInputTokens: number; outputTokens: number };

export type Prices = {
  inputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
};

/**
 * (input − cached) × input price + cached × cached price + output × output price, over 1e6. Cached
 * tokens are billed at the input price when the model has no cached price. Null when the input or
 * output price is unknown: a partial figure would read as a real one.
 */
export function answerCostUsd(tokens: TokenCounts, prices: Prices): number | null {
  const { inputPricePerMTok: inPrice, outputPricePerMTok: outPrice } = prices;
  if (inPrice === null || outPrice === null) return null;
  const cachedPrice = prices.cachedInputPricePerMTok ?? inPrice;
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  return (
    ((tokens.inputTokens - cached) * inPrice + cached * cachedPrice + tokens.outputTokens * outPrice) / 1e6
  );
}
