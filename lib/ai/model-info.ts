// What the browser may know about a model: no URLs, no keys. On its own module (no "server-only")
// so that client components can import the type without reaching the server-only model registry.

/** A model as the browser may see it. */
export type ModelInfo = {
  id: string;
  name: string;
  provider: "offline" | "openai" | "openai-compatible" | "anthropic";
  /** Display label of the provider ("OpenAI", OPENAI_COMPATIBLE_NAME…), e.g. for <optgroup>s. */
  providerName: string;
  contextWindow: number;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
};
