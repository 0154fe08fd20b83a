import "server-only";
import { runTurn, type TurnResult, type TurnSink } from "../../chat/stream-turn";
import type { PreparedTurn } from "../../chat/prepare-turn";
import { ApiError } from "../api-error";
import { chunkWriter, completionId, failedCompletion, type CompletionMeta } from "./completion-format";

// An answer as OpenAI's event stream (or as one JSON once it ended), whatever carries it: a web
// ReadableStream for Next.js's route handler (completion-route.ts), or the node:http response itself
// on the production server's own path (lib/api/node/serve-completion.ts).

/** Where the event stream's text goes once the response has started. */
export type TextOut = { write(text: string): void; close(): void };

export function metaOf(turn: PreparedTurn): CompletionMeta {
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
export function generate(turn: PreparedTurn): Promise<TurnResult> {
  return new Promise((resolve) => run(turn, { text: () => undefined, end: resolve }));
}

export type CompletionStream = {
  /**
   * Settles when the response can start: at the first piece of text (null), or with the result when
   * the answer ended before any, so that a provider that fails at once gets its status code (502,
   * 504…) rather than a 200 with an error chunk.
   */
  ready: Promise<TurnResult | null>;
  /** Sends what was made so far, in one write, and the rest as it comes. */
  attach(out: TextOut): void;
  /** The client went away: the answer is still made and stored, and nothing more is sent. */
  detach(): void;
};

/** Starts the answer; it is generated and stored whether or not the client stays to read it. */
export function completionStream(turn: PreparedTurn, includeUsage: boolean): CompletionStream {
  const write = chunkWriter(metaOf(turn), includeUsage);
  let out: TextOut | null = null;
  let pending: string[] | null = [];
  let ended = false;
  let started = false;
  let signalReady: (result: TurnResult | null) => void = () => undefined;
  const ready = new Promise<TurnResult | null>((resolve) => (signalReady = resolve));
  const send = (text: string) => {
    if (out) out.write(text);
    else pending?.push(text);
  };
  const close = () => {
    ended = true;
    out?.close();
    out = null;
  };
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
        pending = null;
        signalReady(result);
        return;
      }
      if (result.status === "error") {
        const failure = failedCompletion(result);
        send(
          write.error(failure.message, (failure instanceof ApiError && failure.apiCode) || "upstream_error"),
        );
      } else {
        // The last chunks in one write: one system call rather than three.
        const usage = includeUsage ? write.usage(result.usage) : "";
        send(write.finish(result.finishReason) + usage + write.done);
      }
      close();
      signalReady(null);
    },
  });
  return {
    ready,
    attach(target) {
      if (pending === null) return;
      const early = pending.join("");
      pending = null;
      if (early) target.write(early);
      if (ended) target.close();
      else out = target;
    },
    detach() {
      pending = null;
      out = null;
    },
  };
}
