import type { SettledUsage } from "../../usage/answer-usage";
import type { TurnResult } from "../../chat/stream-turn";
import type { AppError } from "../../errors/app-error";
import { ApiError } from "../api-error";

// OpenAI's chat completion objects, byte for byte as ../shared/reference/openai-wire-format.md has
// them: the non-streamed `chat.completion` and the streamed `chat.completion.chunk`s.

export type CompletionMeta = { id: string; created: number; model: string };

export type OpenAiUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
};

export const COMPLETION_PREFIX = "chatcmpl-";

/** The stored answer's id is the completion's: `chatcmpl-<uuid>`, what /feedback takes back. */
export const completionId = (answerId: string) => `${COMPLETION_PREFIX}${answerId}`;

/** The AI SDK's finish reasons in OpenAI's words; anything else (a Stop, "other") ends as "stop". */
export function openAiFinishReason(
  reason: string | null,
): "stop" | "length" | "content_filter" | "tool_calls" {
  if (reason === "length") return "length";
  if (reason === "content-filter") return "content_filter";
  if (reason === "tool-calls") return "tool_calls";
  return "stop";
}

export function openAiUsage(usage: SettledUsage | null): OpenAiUsage {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(usage?.cachedInputTokens != null && {
      prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    }),
  };
}

/** The non-streamed response. */
export function completionJson(meta: CompletionMeta, result: TurnResult) {
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.text, refusal: null },
        logprobs: null,
        finish_reason: openAiFinishReason(result.finishReason),
      },
    ],
    usage: openAiUsage(result.usage),
  };
}

/**
 * The streamed chunks as SSE lines. Every chunk shares id, created and model; a text delta is the
 * hottest path of the API, so its JSON is a fixed prefix and suffix around the escaped text rather
 * than a new object per piece.
 */
export function chunkWriter(meta: CompletionMeta, includeUsage: boolean) {
  const head = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"choices":[`;
  const tail = includeUsage ? `,"usage":null}\n\n` : `}\n\n`;
  const choice = (delta: string, finish: string | null) =>
    `${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? "null" : JSON.stringify(finish)}}]${tail}`;
  const prefix = `${head}{"index":0,"delta":{"content":`;
  const suffix = `},"logprobs":null,"finish_reason":null}]${tail}`;
  return {
    first: () => choice(`{"role":"assistant","content":""}`, null),
    delta: (text: string) => prefix + JSON.stringify(text) + suffix,
    finish: (reason: string | null) => choice("{}", openAiFinishReason(reason)),
    usage: (usage: SettledUsage | null) => `${head}],"usage":${JSON.stringify(openAiUsage(usage))}}\n\n`,
    /** An error after the stream began cannot change the status: the SDK throws on this chunk. */
    error: (message: string, code: string) =>
      `data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code } })}\n\n`,
    done: "data: [DONE]\n\n",
  };
}

/**
 * What an answer that failed before its first word becomes: 504 when the provider did not answer in
 * time, 429 (with its retry-after) when it rate-limited us, 400 when it refused the request as such
 * (too long for the model, a value it does not take), 502 for any other failure of the provider, and
 * 500 when the failure was ours (the answer could not be saved).
 */
export function failedCompletion(result: TurnResult): AppError {
  const failure = result.failure;
  const message = result.error ?? "The model could not answer. Try again.";
  if (!failure) return new ApiError("INTERNAL", message);
  if (failure.timeout) return new ApiError("UPSTREAM_TIMEOUT", message, null, "upstream_timeout");
  if (failure.status === 429) {
    return new ApiError("RATE_LIMITED", message, null, "upstream_rate_limited", failure.retryAfterSeconds);
  }
  if (failure.status === 400 || failure.status === 413 || failure.status === 422) {
    return new ApiError("VALIDATION", message, null, "upstream_rejected");
  }
  return new ApiError("UPSTREAM_FAILED", message, null, "upstream_error");
}
