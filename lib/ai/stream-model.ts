import "server-only";
import type { LanguageModelV4, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { streamChatCompletions, type ChatCompletionsTarget } from "./chat-completions-stream";
import type { StreamOutcome } from "./stream-outcome";
import type { SamplingParams } from "./sampling-params";

// The chat's streaming call goes to the provider's `doStream` directly rather than through
// `streamText`: a chat turn needs none of streamText's steps, tools or transforms, and skipping its
// per-chunk stream layers is most of what a streamed answer costs the server in CPU (see
// docs/benchmarks.md). Providers still parse their own wire format, so every provider keeps working;
// OpenAI-compatible servers go through our own lean client (lib/ai/chat-completions-stream.ts).

export type StreamModelInput = {
  model: LanguageModelV4;
  /** Set for OpenAI-compatible servers: called directly instead of through `model`. */
  upstream?: ChatCompletionsTarget;
  system: string;
  messages: { role: "user" | "assistant"; text: string }[];
  seed: number;
  /** Sampling parameters for this answer (lib/ai/sampling-params.ts); each is sent only when set. */
  params?: SamplingParams;
  /** Aborting it stops the upstream request (Stop). */
  signal: AbortSignal;
  /** Longest wait for the first chunk and between two chunks. */
  timeoutMs: number;
  onText: (delta: string) => void | Promise<void>;
};

/** A TimeoutError, as fetch reports one, so lib/ai/provider-errors.ts describes it as such. */
function timeoutError(ms: number): Error {
  return new DOMException(`The model sent nothing for ${ms} ms.`, "TimeoutError");
}

export function toPrompt(system: string, messages: StreamModelInput["messages"]): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = system ? [{ role: "system", content: system }] : [];
  for (const m of messages) prompt.push({ role: m.role, content: [{ type: "text", text: m.text }] });
  return prompt;
}

/**
 * Streams one answer, calling `onText` for every non-empty text delta. Resolves with the finish
 * details; rejects with the provider's error (HTTP failure, broken stream, error part), a
 * TimeoutError, or the abort reason when `signal` is aborted.
 */
export async function streamModel(input: StreamModelInput): Promise<StreamOutcome> {
  const outcome: StreamOutcome = {
    finishReason: null,
    inputTokens: null,
    cachedInputTokens: null,
    outputTokens: null,
  };
  const timeout = new AbortController();
  const signal = AbortSignal.any([input.signal, timeout.signal]);
  // One timer, not moved at every chunk: a chunk only notes the time, and the timer, when it fires,
  // either times out (nothing for timeoutMs) or waits again for the rest. Re-arming a timer per chunk
  // was work on the hottest path of every answer.
  let lastChunkAt = performance.now();
  const expire = () => {
    const silentMs = performance.now() - lastChunkAt;
    if (silentMs >= input.timeoutMs) timeout.abort(timeoutError(input.timeoutMs));
    else timer = setTimeout(expire, input.timeoutMs - silentMs);
  };
  let timer = setTimeout(expire, input.timeoutMs);
  try {
    if (input.upstream) {
      const finished = await streamChatCompletions(input.upstream, {
        system: input.system,
        messages: input.messages,
        seed: input.seed,
        ...input.params,
        signal,
        onChunk: () => {
          lastChunkAt = performance.now();
        },
        onText: input.onText,
      });
      if (signal.aborted) throw signal.reason;
      return finished;
    }
    const { responseFormat, ...sampling } = input.params ?? {};
    const { stream } = await input.model.doStream({
      prompt: toPrompt(input.system, input.messages),
      seed: input.seed,
      ...sampling,
      ...(responseFormat && { responseFormat }),
      abortSignal: signal,
      includeRawChunks: false,
    });
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: part } = await reader.read();
        if (done) break;
        lastChunkAt = performance.now();
        if (signal.aborted) throw signal.reason;
        if (part.type === "text-delta") {
          if (part.delta.length > 0) {
            const pending = input.onText(part.delta);
            if (pending) await pending;
          }
        } else if (part.type === "finish") {
          outcome.finishReason = part.finishReason.unified;
          outcome.inputTokens = part.usage.inputTokens.total ?? null;
          outcome.outputTokens = part.usage.outputTokens.total ?? null;
          // OpenAI's cached_tokens and Anthropic's cache_read_input_tokens both arrive here.
          outcome.cachedInputTokens = part.usage.inputTokens.cacheRead ?? null;
        } else if (part.type === "error") {
          throw part.error;
        }
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
    // Some providers end the stream quietly when the request is aborted.
    if (signal.aborted) throw signal.reason;
    return outcome;
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}
