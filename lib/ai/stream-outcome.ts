// How a streamed answer ended, as both streaming paths report it (lib/ai/stream-model.ts through the
// SDK providers, lib/ai/chat-completions-stream.ts for OpenAI-compatible servers). On its own module
// so that neither path imports the other's types.

export type StreamOutcome = {
  finishReason: string | null;
  inputTokens: number | null;
  /** Of inputTokens, those served from the provider's prompt cache (null when not reported). */
  cachedInputTokens: number | null;
  outputTokens: number | null;
};
