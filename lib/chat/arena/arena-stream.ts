import "server-only";
import { detachedStream } from "../../http/detached-stream";
import { runTurn, type TurnResult } from "../stream-turn";
import { titleAfterFirstAnswer } from "../answer-title";
import type { PreparedTurn } from "../prepare-turn";
import type { StreamMetadata } from "../types";
import { DONE, encodeChunk, type Chunk } from "../ui-message-stream";
import type { ArenaAnswerState } from "./arena-types";
import type { ArenaTurn } from "./arena-turn";
import { publishLiveAnswer } from "../live/live-publisher";

type Side = "a" | "b";

const CRASHED = "The answer failed.";

function answerState(turn: PreparedTurn, result: TurnResult | null): ArenaAnswerState {
  return {
    id: turn.assistantId,
    createdAt: turn.assistantCreatedAt.toISOString(),
    status: result?.status ?? "streaming",
    error: result?.error ?? null,
    inputTokens: result?.usage?.inputTokens ?? null,
    outputTokens: result?.usage?.outputTokens ?? null,
    tokensEstimated: result?.usage?.estimated ?? false,
    timeToFirstTokenMs: result?.timeToFirstTokenMs ?? null,
    durationMs: result?.durationMs ?? null,
  };
}

/**
 * Streams both answers of an arena turn in one UI message stream, and saves each as a normal answer
 * (runTurn). The message carries two text parts, "a" then "b", their deltas interleaved as they come,
 * and a `data-arena` part per side (id "a" or "b") with its state: started, then how it ended. Neither
 * names its model. A side that fails ends with its own error status and never an `error` chunk, which
 * would fail the whole message: the other answer and the question stay. As for one answer, generation
 * does not depend on the browser staying; Stop aborts each answer by its id.
 */
export function streamArenaTurn(arena: ArenaTurn): ReadableStream<Uint8Array> {
  const { stream, emit, close } = detachedStream((chunk: Chunk) => encodeChunk(chunk));
  const { a, b } = arena;
  emit({
    type: "start",
    messageId: a.assistantId,
    messageMetadata: {
      conversationId: a.conversationId,
      parentId: arena.promptId,
      userMessageId: a.newUserMessageId,
      createdAt: a.assistantCreatedAt.toISOString(),
      title: a.title,
      contextTrimmed: Math.max(a.droppedCount, b.droppedCount),
      status: "streaming",
    },
  });
  const sides: [Side, PreparedTurn][] = [
    ["a", a],
    ["b", b],
  ];
  for (const [side, turn] of sides) emit({ type: "data-arena", id: side, data: answerState(turn, null) });
  for (const [side] of sides) emit({ type: "text-start", id: side });

  const run = (side: Side, turn: PreparedTurn) =>
    new Promise<TurnResult | null>((resolve) => {
      // Each side can be followed on its own after a reload (lib/chat/live), named by neither model nor cost.
      const live = publishLiveAnswer(turn.assistantId);
      const end = (result: TurnResult | null) => {
        emit({ type: "text-end", id: side });
        const state = answerState(turn, result);
        const ended = result ? state : { ...state, status: "error" as const, error: CRASHED };
        emit({ type: "data-arena", id: side, data: ended });
        const { status, error, inputTokens, outputTokens, tokensEstimated, timeToFirstTokenMs, durationMs } =
          ended;
        live.end({
          status,
          error,
          inputTokens,
          outputTokens,
          tokensEstimated,
          timeToFirstTokenMs,
          durationMs,
        });
        resolve(result);
      };
      const text = (delta: string) => {
        emit({ type: "text-delta", id: side, delta });
        live.delta(delta);
      };
      runTurn(turn, { text, end }).catch((error: unknown) => {
        console.error("An arena answer failed:", error instanceof Error ? error.message : error);
        end(null);
      });
    });

  void Promise.all(sides.map(([side, turn]) => run(side, turn))).then(async (results) => {
    const ended = results.map((result) => result?.status ?? "error");
    const final: StreamMetadata = {
      status: ended.includes("complete") ? "complete" : (ended.find((s) => s !== "error") ?? "error"),
    };
    // A new chat's title, as after one answer: from the first side that completed, by its model.
    const titled = results.findIndex((result) => result?.status === "complete");
    if (a.isNewConversation && titled >= 0) {
      const title = await titleAfterFirstAnswer(sides[titled]![1], results[titled]!.text);
      if (title) final.title = title;
    }
    emit({ type: "message-metadata", messageMetadata: final });
    emit({ type: "finish", messageMetadata: final });
    try {
      close(DONE);
    } catch {
      // already closed
    }
  });
  return stream;
}
