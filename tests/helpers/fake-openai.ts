// A fake OpenAI-compatible server for tests and benchmarks: plain node:http, speaking the wire format
// of the shared reference openai-wire-format.md (Chat Completions, streamed and not, and the models
// list). A scenario decides what the next requests get: text, pace, HTTP errors, cut connections.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Scenario = {
  /** Length of the generated answer in words, when `text` is not set. */
  words: number;
  /** The exact answer; overrides `words`. */
  text: string | undefined;
  /** The answer as a function of the request's messages (a judge that reads what it judges); overrides `text`. */
  reply: ((messages: { role: string; content: string }[]) => string) | undefined;
  /** Pause between streamed content chunks. */
  chunkDelayMs: number;
  /** Pause before the first chunk (after the headers); default `chunkDelayMs`. */
  firstChunkDelayMs: number | undefined;
  wordsPerChunk: number;
  /** Answer with this HTTP error instead of a completion. */
  failWith: { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
  /** How many requests `failWith` applies to before the server answers normally again; unset = all. */
  failTimes: number | undefined;
  /** Destroy the connection after this many content chunks. */
  cutAfterChunks: number | undefined;
  /**
   * Token counts to report; default: words of the prompt and of the answer. `cachedTokens` adds
   * `prompt_tokens_details.cached_tokens`, as OpenAI reports a prompt-cache hit.
   */
  usage: { promptTokens: number; completionTokens: number; cachedTokens?: number } | undefined;
  /** Report no usage even when the client asks for it (as many OpenAI-compatible servers do). */
  omitUsage: boolean;
  /** Ids listed by GET /v1/models. */
  models: string[];
  /** When set, every request must carry "Authorization: Bearer <apiKey>", else 401 (as OpenAI does). */
  apiKey: string | undefined;
  /** Pause before answering GET /v1/models (a provider that hangs, for "Test connection"'s timeout). */
  modelsDelayMs: number;
};

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  receivedAt: Date;
  /** The client went away before the response was complete. */
  aborted: boolean;
  /** The server dropped the connection on purpose (`cutAfterChunks`). */
  cut: boolean;
  /** Content chunks written so far (streamed requests). */
  chunksSent: number;
};

export type FakeOpenAI = {
  /** Base URL, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Changes what the next requests get; a key set to undefined returns to its default. */
  setScenario(scenario: Partial<Scenario>): void;
  close(): Promise<void>;
};

const DEFAULTS: Scenario = {
  words: 60,
  text: undefined,
  reply: undefined,
  chunkDelayMs: 20,
  firstChunkDelayMs: undefined,
  wordsPerChunk: 1,
  failWith: undefined,
  failTimes: undefined,
  cutAfterChunks: undefined,
  usage: undefined,
  omitUsage: false,
  models: ["fake-model"],
  apiKey: undefined,
  modelsDelayMs: 0,
};

const VOCABULARY =
  "the quick brown fox jumps over a lazy dog while seven bright stars watch every small step closely".split(
    " ",
  );

function answerText(scenario: Scenario, body: ChatBody): string {
  if (scenario.reply) {
    return scenario.reply(
      (body.messages ?? []).map((m) => ({
        role: m.role ?? "",
        content:
          typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text ?? "").join(""),
      })),
    );
  }
  if (scenario.text !== undefined) return scenario.text;
  return Array.from({ length: scenario.words }, (_, i) => VOCABULARY[i % VOCABULARY.length]).join(" ");
}

/** Content pieces whose concatenation is exactly the text: words with their following whitespace. */
function pieces(text: string, wordsPerChunk: number): string[] {
  const words = text.match(/^\s+|\S+\s*/g) ?? [];
  const size = Math.max(1, wordsPerChunk);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(""));
  return out;
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function promptWords(body: ChatBody): number {
  let words = 0;
  for (const message of body.messages ?? []) {
    if (typeof message.content === "string") words += countWords(message.content);
    else if (Array.isArray(message.content)) {
      for (const part of message.content) if (typeof part?.text === "string") words += countWords(part.text);
    }
  }
  return words;
}

type ChatBody = {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { role?: string; content?: string | { type?: string; text?: string }[] }[];
  max_tokens?: number;
  max_completion_tokens?: number;
};

function errorBody(status: number): unknown {
  const [type, code, message] =
    status === 401
      ? ["invalid_request_error", "invalid_api_key", "Incorrect API key provided."]
      : status === 429
        ? ["requests", "rate_limit_exceeded", "Rate limit reached for requests."]
        : status >= 500
          ? ["server_error", "server_error", "The server had an error while processing your request."]
          : ["invalid_request_error", "invalid_request", "The request was invalid."];
  return { error: { message, type, param: null, code } };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { ...headers, "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export async function startFakeOpenAI(options: { port?: number } = {}): Promise<FakeOpenAI> {
  let scenario: Scenario = { ...DEFAULTS };
  const requests: RecordedRequest[] = [];
  // Every pending timer, so that close() (and a client's abort) leaves nothing running.
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number, task: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, ms);
    timers.add(timer);
    return timer;
  };

  function complete(response: ServerResponse, record: RecordedRequest, body: ChatBody) {
    const current = scenario; // a scenario change mid-stream applies to the next request only
    if (current.failWith) {
      const { status, body: errorPayload, headers } = current.failWith;
      if (current.failTimes !== undefined) {
        const left = current.failTimes - 1;
        scenario = {
          ...scenario,
          failTimes: left > 0 ? left : undefined,
          failWith: left > 0 ? current.failWith : undefined,
        };
      }
      sendJson(response, status, errorPayload ?? errorBody(status), headers);
      return;
    }
    let parts = pieces(answerText(current, body), current.wordsPerChunk);
    let finishReason = "stop";
    const limit = body.max_completion_tokens ?? body.max_tokens;
    if (typeof limit === "number" && limit >= 0 && parts.length > limit) {
      parts = parts.slice(0, limit);
      finishReason = "length";
    }
    const content = parts.join("");
    const usage: {
      prompt_tokens: number;
      completion_tokens: number;
      total_tokens: number;
      prompt_tokens_details?: { cached_tokens: number };
    } = {
      prompt_tokens: current.usage?.promptTokens ?? promptWords(body),
      completion_tokens: current.usage?.completionTokens ?? countWords(content),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    if (current.usage?.cachedTokens !== undefined) {
      usage.prompt_tokens_details = { cached_tokens: current.usage.cachedTokens };
    }
    const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "fake-model";
    const firstDelay = current.firstChunkDelayMs ?? current.chunkDelayMs;

    if (!body.stream) {
      const send = () =>
        sendJson(response, 200, {
          id,
          object: "chat.completion",
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content, refusal: null },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          usage,
        });
      const timer = later(current.firstChunkDelayMs ?? 0, send);
      response.on("close", () => clearTimer(timer));
      return;
    }

    const withUsage = body.stream_options?.include_usage === true && !current.omitUsage;
    const chunk = (choices: unknown[], extra: object = {}) =>
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices,
        ...(withUsage ? { usage: null } : {}),
        ...extra,
      })}\n\n`;
    const choice = (delta: object, finish: string | null = null) => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finish,
    });

    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    response.flushHeaders();

    let pending: ReturnType<typeof setTimeout> | undefined;
    let next = 0;
    const step = () => {
      if (response.destroyed) return;
      if (next === 0) response.write(chunk([choice({ role: "assistant", content: "" })]));
      if (current.cutAfterChunks !== undefined && next >= current.cutAfterChunks) {
        // A dropped connection mid-answer: no final chunk, no [DONE].
        record.cut = true;
        response.destroy();
        return;
      }
      if (next < parts.length) {
        response.write(chunk([choice({ content: parts[next] })]));
        next++;
        record.chunksSent = next;
        pending = later(current.chunkDelayMs, step);
        return;
      }
      response.write(chunk([choice({}, finishReason)]));
      if (withUsage) response.write(chunk([], { usage }));
      response.end("data: [DONE]\n\n");
    };
    pending = later(firstDelay, step);
    response.on("close", () => clearTimer(pending));
  }

  function clearTimer(timer: ReturnType<typeof setTimeout> | undefined) {
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(timer);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const body = await readBody(request);
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path,
      headers: request.headers,
      body,
      receivedAt: new Date(),
      aborted: false,
      cut: false,
      chunksSent: 0,
    };
    requests.push(record);
    response.on("close", () => {
      if (!response.writableFinished && !record.cut) record.aborted = true;
    });

    if (scenario.apiKey !== undefined && request.headers.authorization !== `Bearer ${scenario.apiKey}`) {
      sendJson(response, 401, errorBody(401));
      return;
    }
    if (request.method === "POST" && path === "/v1/chat/completions") {
      if (!body || typeof body !== "object" || !Array.isArray((body as ChatBody).messages)) {
        sendJson(response, 400, {
          error: {
            message: "messages is required.",
            type: "invalid_request_error",
            param: "messages",
            code: null,
          },
        });
        return;
      }
      complete(response, record, body);
      return;
    }
    if (request.method === "GET" && path === "/v1/models") {
      const list = {
        object: "list",
        data: scenario.models.map((id) => ({ id, object: "model", created: 0, owned_by: "flywheel-tests" })),
      };
      const timer = later(scenario.modelsDelayMs, () => sendJson(response, 200, list));
      response.on("close", () => clearTimer(timer));
      return;
    }
    sendJson(response, 404, {
      error: {
        message: `Unknown route ${request.method} ${path}.`,
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      },
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  // Hundreds of concurrent streams open their connections in one burst: a deeper accept queue.
  server.listen({ port: options.port ?? 0, host: "127.0.0.1", backlog: 1024 });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setScenario(patch) {
      const next: Scenario = { ...scenario };
      for (const key of Object.keys(patch) as (keyof Scenario)[]) {
        const value = patch[key];
        (next as Record<keyof Scenario, unknown>)[key] = value === undefined ? DEFAULTS[key] : value;
      }
      scenario = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
