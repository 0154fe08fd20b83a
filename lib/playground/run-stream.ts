import "server-only";
import { detachedStream } from "../http/detached-stream";
import { runTurn } from "../chat/stream-turn";
import type { PreparedRun } from "./start-run";
import type { RunEvent } from "./run-events";

const encoder = new TextEncoder();

/**
 * Streams a run's answers, all at once, as JSON lines (lib/playground/run-events.ts): one `runTurn`
 * per model, in parallel, each saved as it goes by the chat's own path. As in the chat, the
 * generation is not tied to the response: if the browser goes away every answer still runs to its end
 * and is stored; only Stop (lib/chat/stop-generation.ts) aborts one. A failed model ends its own
 * column with its error; the others carry on.
 */
export function streamPlaygroundRun(run: PreparedRun): ReadableStream<Uint8Array> {
  const { stream, emit, close } = detachedStream((event: RunEvent) =>
    encoder.encode(`${JSON.stringify(event)}\n`),
  );
  emit({
    type: "run",
    conversationId: run.conversationId,
    promptId: run.promptId,
    answers: run.turns.map((turn) => ({ id: turn.assistantId, modelId: turn.info.id })),
  });
  const answers = run.turns.map((turn) =>
    runTurn(turn, {
      text: (delta) => emit({ type: "text", id: turn.assistantId, delta }),
      end: (result) =>
        emit({
          type: "end",
          id: turn.assistantId,
          status: result.status,
          error: result.error,
          inputTokens: result.usage?.inputTokens ?? null,
          outputTokens: result.usage?.outputTokens ?? null,
          tokensEstimated: result.usage?.estimated ?? false,
          costUsd: result.usage?.costUsd ?? null,
          timeToFirstTokenMs: result.timeToFirstTokenMs,
          durationMs: result.durationMs,
        }),
    }).catch((error: unknown) => {
      // runTurn saves its own failures; this is a bug, but the column must still end.
      console.error("A playground answer failed:", error instanceof Error ? error.message : error);
      emit({
        type: "end",
        id: turn.assistantId,
        status: "error",
        error: "The answer failed.",
        inputTokens: null,
        outputTokens: null,
        tokensEstimated: false,
        costUsd: null,
        timeToFirstTokenMs: null,
        durationMs: 0,
      });
    }),
  );
  void Promise.all(answers).then(() => {
    try {
      close();
    } catch {
      // already closed
    }
  });
  return stream;
}
