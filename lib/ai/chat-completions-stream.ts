import "server-only";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { APICallError } from "ai";
import type { StreamOutcome } from "./stream-outcome";
import type { ResponseFormat, SamplingParams } from "./sampling-params";

// A lean client for the streaming Chat Completions endpoint of OpenAI-compatible servers (Ollama,
// vLLM, LM Studio, llama.cpp, Together, Groq…), the chat's hottest outbound call. The AI SDK provider
// reads the same stream through four web-stream layers and validates every chunk with zod, which
// costs about four times the CPU of the request itself (docs/benchmarks.md); this reads the SSE
// bytes from node:http and parses the three fields a chat turn uses. It sends what the SDK's
// OpenAI-compatible provider sends for a plain text turn, and reports failures the way the SDK does
// (APICallError with status and headers; socket errors as they come), so lib/ai/provider-errors.ts
// describes them alike. Anything beyond a plain text turn (tools, files) would go through the SDK.

export type ChatCompletionsTarget = {
  /** e.g. http://127.0.0.1:11434/v1 */
  baseURL: string;
  apiKey: string | undefined;
  /** The id sent upstream. */
  modelId: string;
  /** An admin provider's extra headers (an API gateway's own key, an organisation id…). */
  headers?: Record<string, string>;
};

export type ChatCompletionsCall = SamplingParams & {
  system: string;
  messages: { role: "user" | "assistant"; text: string }[];
  seed: number;
  signal: AbortSignal;
  /** Every chunk received, so the caller's between-chunk timeout restarts. */
  onChunk: () => void;
  onText: (delta: string) => void | Promise<void>;
};

const MAX_ERROR_BODY = 64 * 1024;

function finishReasonOf(raw: unknown): string {
  switch (raw) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    case "function_call":
    case "tool_calls":
      return "tool-calls";
    default:
      return "other";
  }
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: "POST", headers, signal }, resolve);
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function readError(response: IncomingMessage): Promise<string> {
  let text = "";
  response.setEncoding("utf8");
  for await (const chunk of response as AsyncIterable<string>) {
    if (text.length < MAX_ERROR_BODY) text += chunk;
  }
  return text.slice(0, MAX_ERROR_BODY);
}

type Delta = { content?: unknown };
type ChunkJson = {
  choices?: { delta?: Delta | null; finish_reason?: unknown }[];
  usage?: {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  } | null;
  error?: { message?: unknown } | string;
};

/** The AI SDK's response format in OpenAI's spelling, as the SDK's OpenAI-compatible provider sends it. */
function responseFormatBody(format: ResponseFormat): Record<string, unknown> {
  if (format.type === "text") return { type: "text" };
  if (!format.schema) return { type: "json_object" };
  return {
    type: "json_schema",
    json_schema: {
      name: format.name ?? "response",
      schema: format.schema,
      ...(format.description !== undefined && { description: format.description }),
      ...(format.strict !== undefined && { strict: format.strict }),
    },
  };
}

const count = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** Streams one chat completion; resolves with its finish details, rejects as the SDK would. */
export async function streamChatCompletions(
  target: ChatCompletionsTarget,
  call: ChatCompletionsCall,
): Promise<StreamOutcome> {
  const url = new URL(`${target.baseURL.replace(/\/+$/, "")}/chat/completions`);
  const messages: { role: string; content: string }[] = call.system
    ? [{ role: "system", content: call.system }]
    : [];
  for (const m of call.messages) messages.push({ role: m.role, content: m.text });
  const requestBody = {
    model: target.modelId,
    seed: call.seed,
    ...(call.temperature !== undefined && { temperature: call.temperature }),
    ...(call.topP !== undefined && { top_p: call.topP }),
    ...(call.maxOutputTokens !== undefined && { max_tokens: call.maxOutputTokens }),
    ...(call.stopSequences !== undefined && { stop: call.stopSequences }),
    ...(call.presencePenalty !== undefined && { presence_penalty: call.presencePenalty }),
    ...(call.frequencyPenalty !== undefined && { frequency_penalty: call.frequencyPenalty }),
    ...(call.responseFormat !== undefined && { response_format: responseFormatBody(call.responseFormat) }),
    messages,
    stream: true,
    // Without it most servers send no token counts when streaming.
    stream_options: { include_usage: true },
  };
  // The extra headers first: they cannot replace the content type, nor the Authorization of a stored key.
  const headers: Record<string, string> = {
    ...target.headers,
    "content-type": "application/json",
    accept: "text/event-stream",
  };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;

  const response = await post(url, headers, JSON.stringify(requestBody), call.signal);
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    const responseBody = await readError(response);
    throw new APICallError({
      message: `HTTP ${status}`,
      url: url.toString(),
      requestBodyValues: requestBody,
      statusCode: status,
      responseHeaders: flatHeaders(response),
      responseBody,
    });
  }

  return readEvents(response, call);
}

/**
 * Reads the SSE body with 'data' events rather than an async iterator, so that a chunk is parsed and
 * handed on in the tick it arrives, with no promise on the way (the iterator made a few per chunk, and
 * each one runs the async-context hooks Next.js's AsyncLocalStorage keeps installed). The response is
 * paused while an onText that returns a promise settles. Rejects with the error the response was
 * destroyed with (a reset connection, an abort), as iterating it did.
 */
function readEvents(response: IncomingMessage, call: ChatCompletionsCall): Promise<StreamOutcome> {
  const outcome: StreamOutcome = {
    finishReason: null,
    inputTokens: null,
    cachedInputTokens: null,
    outputTokens: null,
  };
  let buffer = "";
  let data = "";
  let done = false;
  let waiting = false;
  let ended = false;

  // One SSE event's data: a JSON chunk, or [DONE]. Returns onText's promise, if it made one.
  const handle = (payload: string): void | Promise<void> => {
    if (payload === "[DONE]") {
      done = true;
      return;
    }
    const chunk = JSON.parse(payload) as ChunkJson;
    if (chunk.error) {
      const message = typeof chunk.error === "string" ? chunk.error : chunk.error.message;
      throw new Error(typeof message === "string" ? message : "The model reported an error.");
    }
    if (chunk.usage) {
      outcome.inputTokens = count(chunk.usage.prompt_tokens) ?? outcome.inputTokens;
      outcome.outputTokens = count(chunk.usage.completion_tokens) ?? outcome.outputTokens;
      outcome.cachedInputTokens =
        count(chunk.usage.prompt_tokens_details?.cached_tokens) ?? outcome.cachedInputTokens;
    }
    const choice = chunk.choices?.[0];
    if (!choice) return;
    if (choice.finish_reason != null) outcome.finishReason = finishReasonOf(choice.finish_reason);
    const content = choice.delta?.content;
    if (typeof content === "string" && content.length > 0) return call.onText(content);
  };

  return new Promise<StreamOutcome>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      response.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const finish = () => {
      if (settled) return;
      let pending: void | Promise<void> = undefined;
      try {
        // A last event without its blank line.
        if (!done && data) pending = handle(data);
        data = "";
      } catch (error) {
        return fail(error);
      }
      if (pending) pending.then(conclude, fail);
      else conclude();
    };
    const conclude = () => {
      if (settled) return;
      if (!done && outcome.finishReason === null) {
        // The connection ended cleanly but the completion did not: the stream was cut.
        return fail(
          Object.assign(new Error("terminated: the model's stream ended early"), { code: "ECONNRESET" }),
        );
      }
      settled = true;
      resolve(outcome);
    };
    // Parses the complete lines in the buffer; stops at an onText promise and carries on once it settles.
    const parse = (): void => {
      let newline: number;
      // After [DONE] the rest is read but ignored: ending the response normally keeps the connection
      // for the next call (keep-alive), where breaking off would close it.
      while (!done && (newline = buffer.indexOf("\n")) >= 0) {
        let line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        if (line === "") {
          // A blank line ends the event.
          if (!data) continue;
          const payload = data;
          data = "";
          const pending = handle(payload);
          if (pending) {
            waiting = true;
            response.pause();
            pending.then(() => {
              waiting = false;
              if (settled) return; // the connection failed meanwhile
              try {
                parse();
              } catch (error) {
                return fail(error);
              }
              if (waiting) return; // stopped again, at the next promise
              if (ended) finish();
              else response.resume();
            }, fail);
            return;
          }
        } else if (line.startsWith("data:")) {
          const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
          data = data ? `${data}\n${value}` : value;
        }
        // Comments (":…") and other fields (event:, id:, retry:) carry nothing a chat turn needs.
      }
    };
    response.setEncoding("utf8");
    response.on("data", (text: string) => {
      if (settled) return;
      call.onChunk();
      buffer += text;
      if (waiting) return;
      try {
        parse();
      } catch (error) {
        fail(error);
      }
    });
    response.on("end", () => {
      ended = true;
      if (!waiting) finish();
    });
    response.on("error", fail);
    response.on("close", () => {
      if (!ended) {
        fail(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
      }
    });
  });
}
