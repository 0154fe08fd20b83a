// What the browser may know about a model: no URLs, no keys. On its own module (no "server-only")
// so that client components can import the type without reaching the server-only model registry.

/** A model as the browser may see it. */
export type ModelInfo = {
  id: string;
  name: string;
  /** The admin's description, shown in the picker; "" when none. */
  description: string;
  provider: "offline" | "openai" | "openai-compatible" | "anthropic";
  /** Display label of the provider ("OpenAI", OPENAI_COMPATIBLE_NAME…), e.g. for <optgroup>s. */
  providerName: string;
  contextWindow: number;
  /** The most an answer may be (sent as max tokens when the request sets none); null = the provider's. */
  maxOutputTokens: number | null;
  /** USD per 1M tokens; null = unknown, and answers then carry no cost. */
  inputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
};
