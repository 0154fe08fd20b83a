// The blind arena's part of the chat screen's state (components/chat/state/message-tree.ts hands it
// the arena's events): both streamed answers as messages of the tree, the pending vote, and the
// revealed models once the user has chosen. Pure functions, like the rest of the reducer.
import type { UIMessage } from "ai";
import type { ChatMessage, StreamMetadata } from "@/lib/chat/types";
import type { ArenaAnswerState, ArenaPending, ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import type { ChatState, LiveAnswer } from "../state/message-tree";

/** The arena the chat shows: pending until `decided` says what the user chose. */
export type ArenaView = ArenaPending & { decided: ArenaVoteResult | null };

export type LiveArenaSide = { text: string; state: ArenaAnswerState };
/** Both answers of an arena turn as the stream reader last saw them (lib/chat/arena/arena-stream.ts). */
export type LiveArena = { a: LiveArenaSide; b: LiveArenaSide };

/** The arena answers in a streamed message: its text parts "a" then "b" and its `data-arena` parts. */
export function liveArena(message: UIMessage<StreamMetadata>): LiveArena | undefined {
  const states = new Map<string, ArenaAnswerState>();
  for (const part of message.parts) {
    if (part.type === "data-arena" && "id" in part && typeof part.id === "string") {
      states.set(part.id, part.data as ArenaAnswerState);
    }
  }
  const a = states.get("a");
  const b = states.get("b");
  if (!a || !b) return undefined;
  const texts = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : []));
  return { a: { text: texts[0] ?? "", state: a }, b: { text: texts[1] ?? "", state: b } };
}

function sideMessage(side: LiveArenaSide, promptId: string): ChatMessage {
  const s = side.state;
  return {
    id: s.id,
    parentId: promptId,
    role: "assistant",
    text: side.text,
    createdAt: s.createdAt,
    status: s.status,
    error: s.error,
    modelId: null,
    inputTokens: s.inputTokens,
    cachedInputTokens: null,
    outputTokens: s.outputTokens,
    tokensEstimated: s.tokensEstimated,
    costUsd: null,
    timeToFirstTokenMs: s.timeToFirstTokenMs,
    durationMs: s.durationMs,
  };
}

function upsertAll(messages: ChatMessage[], updates: ChatMessage[]): ChatMessage[] {
  const byId = new Map(updates.map((m) => [m.id, m]));
  const next = messages.map((m) => byId.get(m.id) ?? m);
  for (const update of updates) if (!messages.some((m) => m.id === update.id)) next.push(update);
  return next;
}

export function arenaProgress(state: ChatState, answer: LiveAnswer, arena: LiveArena): ChatState {
  const turn = state.turn;
  const meta = answer.metadata;
  if (!turn || !meta?.conversationId) return state;
  const promptId = meta.parentId ?? turn.questionId;
  const a = sideMessage(arena.a, promptId);
  const b = sideMessage(arena.b, promptId);
  return {
    ...state,
    conversationId: meta.conversationId,
    title: meta.title ?? state.title,
    contextTrimmed: meta.contextTrimmed ?? state.contextTrimmed,
    messages: upsertAll(state.messages, [a, b]),
    leafId: a.id,
    turn: { ...turn, answerId: a.id },
    arena: { promptId, answerAId: a.id, answerBId: b.id, decided: null },
  };
}

/** The stream ended: an answer it left `streaming` was stopped (Stop) or cut (the network). */
export function arenaFinish(state: ChatState, answer: LiveAnswer, arena: LiveArena): ChatState {
  const next = arenaProgress(state, answer, arena);
  if (next === state) return { ...state, turn: null };
  const ids = new Set([arena.a.state.id, arena.b.state.id]);
  const stopped = state.turn?.stopRequested ?? false;
  const settle = (m: ChatMessage): ChatMessage => {
    if (!ids.has(m.id) || m.status !== "streaming") return m;
    if (stopped) return { ...m, status: "stopped" };
    return { ...m, status: "error", error: m.error ?? "The connection was interrupted." };
  };
  return { ...next, messages: next.messages.map(settle), turn: null, compare: null };
}

/** The vote was stored: show both models, and continue on the answer it names. */
export function arenaDecided(state: ChatState, result: ArenaVoteResult): ChatState {
  const arena = state.arena;
  if (!arena) return state;
  const models = new Map([
    [arena.answerAId, result.models.a],
    [arena.answerBId, result.models.b],
  ]);
  return {
    ...state,
    messages: state.messages.map((m) => (models.has(m.id) ? { ...m, modelId: models.get(m.id) ?? null } : m)),
    leafId: result.leafId,
    arena: { ...arena, decided: result },
  };
}

/** A vote is still to be given: the conversation waits for it. */
export const arenaPending = (arena: ArenaView | null): boolean => arena !== null && arena.decided === null;

/** What Stop must stop: both answers of an arena turn in flight; null when the turn is not one. */
export function arenaStreamingIds(state: ChatState): string[] | null {
  const arena = state.arena;
  if (!arena || arena.decided || state.turn?.answerId !== arena.answerAId) return null;
  return [arena.answerAId, arena.answerBId];
}
