import "server-only";
import { runTurn, type TurnResult, type TurnSink } from "../../chat/stream-turn";
import type { PreparedTurn } from "../../chat/prepare-turn";
import { assertAcceptingWork } from "../../ops/draining";
import { ApiError } from "../api-error";
import { apiRoute } from "../api-route";
import { CONVERSATION_HEADER } from "../cors";
import { readApiJson } from "../read-api-json";
import { parseCompletionRequest } from "./completion-input";
import {
  chunkWriter,
  completionId,
  completionJson,
  failedCompletion,
  type CompletionMeta,
} from "./completion-format";
import { prepareCompletion } from "./prepare-completion";

const STREAM_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream",
  // no-transform: Next.js would otherwise gzip the stream chunk by chunk.
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

function metaOf(turn: PreparedTurn): CompletionMeta {
  return {
    id: completionId(turn.assistantId),
    created: Math.floor(turn.assistantCreatedAt.getTime() / 1000),
    model: turn.info.id,
  };
}

/** What a sink is told when generating failed in a way runTurn did not expect (a bug): a 500. */
function crashed(error: unknown): TurnResult {
  console.error("An API completion failed:", error);
  return {
    status: "error",
    error: "The server had an error while answering. Try again.",
    retryAfterSeconds: null,
    failure: null,
    finishReason: null,
    usage: null,
    timeToFirstTokenMs: null,
    durationMs: 0,
    text: "",
  };
}

/** Runs the turn into `sink`; whatever happens, the sink's end is called once, so no request hangs. */
function run(turn: PreparedTurn, sink: TurnSink): void {
  let ended = false;
  const end = (result: TurnResult) => {
    if (ended) return;
    ended = true;
    return sink.end(result);
  };
  runTurn(turn, { text: sink.text, end }).catch((error: unknown) => void end(crashed(error)));
}

/** The whole answer, once it ended. */
function generate(turn: PreparedTurn): Promise<TurnResult> {
  return new Promise((resolve) => run(turn, { text: () => undefined, end: resolve }));
}

/**
 * The answer as OpenAI's event stream. `ready` settles when the response can start: at the first
 * piece of text (null), or with the result when the answer ended before any, so that a provider that
 * fails at once gets its status code (502, 504…) rather than a 200 with an error chunk. The answer is
 * generated and stored whether or not the client stays to read it.
 */
function completionStream(turn: PreparedTurn, includeUsage: boolean) {
  const write = chunkWriter(metaOf(turn), includeUsage);
  let out: ReadableStreamDefaultController<Uint8Array> | null = null;
  let started = false;
  let signalReady: (result: TurnResult | null) => void = () => undefined;
  const ready = new Promise<TurnResult | null>((resolve) => (signalReady = resolve));
  const send = (text: string) => {
    if (!out) return;
    try {
      out.enqueue(encoder.encode(text));
    } catch {
      out = null; // the client went away; the answer is still made and stored
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
    },
    cancel() {
      out = null;
    },
  });
  send(write.first());
  run(turn, {
    text: (delta) => {
      send(write.delta(delta));
      if (!started) {
        started = true;
        signalReady(null);
      }
    },
    end: (result) => {
      if (!started && result.status === "error") {
        signalReady(result);
        return;
      }
      if (result.status === "error") {
        const failure = failedCompletion(result);
        send(
          write.error(failure.message, (failure instanceof ApiError && failure.apiCode) || "upstream_error"),
        );
      } else {
        send(write.finish(result.finishReason));
        if (includeUsage) send(write.usage(result.usage));
        send(write.done);
      }
      try {
        out?.close();
      } catch {
        // already closed
      }
      signalReady(null);
    },
  });
  return { ready, body };
}

/** OpenAI's `POST /v1/chat/completions`, streamed or not; every stored call is an API conversation. */
export const createCompletionRoute = apiRoute("chat", async (caller, request) => {
  // A restarting instance takes no new answer: 503 + retry-after, which the SDKs and nginx retry.
  assertAcceptingWork();
  const input = parseCompletionRequest(await readApiJson(request));
  const turn = await prepareCompletion(caller, input, request.headers.get(CONVERSATION_HEADER));
  const headers: Record<string, string> = turn.persist ? { [CONVERSATION_HEADER]: turn.conversationId } : {};
  if (!input.stream) {
    const result = await generate(turn);
    if (result.status === "error") throw failedCompletion(result);
    return Response.json(completionJson(metaOf(turn), result), { headers });
  }
  const { ready, body } = completionStream(turn, input.includeUsage);
  const failed = await ready;
  if (failed) throw failedCompletion(failed);
  return new Response(body, { headers: { ...STREAM_HEADERS, ...headers } });
});
