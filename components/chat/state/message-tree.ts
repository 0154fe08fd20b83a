// The chat screen's state and every way it changes, as one pure function: (state, event) → state.
// It holds the single copy of the conversation's messages, including the optimistic question and the
// answer being streamed; the view derives the path it shows from it. No React, no network: the hook
// that owns the stream (use-chat-stream.ts) feeds it events, and unit tests drive it directly.
import { buildTree, newestLeafUnder, resolveLeaf } from "@/lib/chat/tree";
import type { ChatMessage, ConversationDetail, StreamMetadata } from "@/lib/chat/types";
import type { MessageFeedback } from "@/lib/feedback/types";
import type { ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import {
  arenaDecided,
  arenaFinish,
  arenaProgress,
  type ArenaView,
  type LiveArena,
} from "../arena/arena-state";

/** The streamed answer as the stream reader last saw it. */
export type LiveAnswer = {
  id: string;
  text: string;
  metadata: StreamMetadata | undefined;
  /** Both answers, when the turn went to the blind arena (components/chat/arena). */
  arena?: LiveArena;
};

/** The turn in flight, from the request until its stream ends. */
export type Turn = {
  /** "resume": an answer already being generated when the page was opened (a reload, another tab). */
  kind: "submit" | "regenerate" | "resume";
  /** The question being answered: the optimistic one (submit) or the existing one (regenerate). */
  questionId: string;
  /** The leaf shown before the turn: where the view returns when the request is refused. */
  previousLeafId: string | null;
  /** For a regenerate: the finished answer it replaces, to ask "better or worse?" about. */
  replacing: string | null;
  /** The answer's id, once the server has started it. */
  answerId: string | null;
  stopRequested: boolean;
};

export type ChatState = {
  conversationId: string | null;
  title: string;
  messages: ChatMessage[];
  leafId: string | null;
  turn: Turn | null;
  compare: { answerId: string; otherId: string } | null;
  /** The blind arena of the last question, pending or decided (components/chat/arena). */
  arena: ArenaView | null;
  /** A request refused before streaming (too long, rate-limited, not found). */
  requestError: string | null;
  /** How many earlier messages the server left out of the last turn's context. */
  contextTrimmed: number;
};

export type ChatEvent =
  | { type: "send"; id: string; text: string; parentId: string | null; createdAt: string }
  | { type: "regenerate"; answer: ChatMessage; retry: boolean }
  | { type: "select"; messageId: string }
  | { type: "progress"; answer: LiveAnswer }
  /** The page opened while `answer` was still being generated: it becomes the turn in flight. */
  | { type: "resume"; answer: ChatMessage }
  /** Another answer followed since the page opened (a blind arena side): its text and, once `final`, its end. */
  | { type: "resumed"; answer: LiveAnswer; final: boolean }
  | { type: "stop" }
  | { type: "refused"; message: string }
  /** The stream ended; `error` is what failed when no answer had started (e.g. the network). */
  | { type: "finish"; answer: LiveAnswer | null; error?: string }
  | { type: "feedback"; messageId: string; feedback: MessageFeedback | null }
  | { type: "end-compare" }
  | { type: "arena-decided"; result: ArenaVoteResult };

export function initialChatState(initial: ConversationDetail | null): ChatState {
  const messages = initial?.messages ?? [];
  return {
    conversationId: initial?.id ?? null,
    title: initial?.title ?? "New chat",
    messages,
    leafId: resolveLeaf(buildTree(messages), initial?.currentLeafId)?.id ?? null,
    turn: null,
    compare: null,
    arena: initial?.arena ? { ...initial.arena, decided: null } : null,
    requestError: null,
    contextTrimmed: 0,
  };
}

/** The leaf shown when `messageId` is chosen among its versions: the newest leaf below it. */
export function leafUnder(messages: ChatMessage[], messageId: string): string | null {
  const tree = buildTree(messages);
  if (!tree.byId.has(messageId)) return null;
  return (newestLeafUnder(tree, messageId) ?? tree.byId.get(messageId))!.id;
}

function textMessage(
  id: string,
  parentId: string | null,
  role: ChatMessage["role"],
  text: string,
  createdAt: string,
): ChatMessage {
  return {
    id,
    parentId,
    role,
    text,
    createdAt,
    status: "complete",
    error: null,
    modelId: null,
    inputTokens: null,
    cachedInputTokens: null,
    outputTokens: null,
    tokensEstimated: false,
    costUsd: null,
    timeToFirstTokenMs: null,
    durationMs: null,
  };
}

/** The streamed answer as a message of the tree, from its text and the metadata the server sent. */
export function answerMessage(answer: LiveAnswer, fallbackParent: string | null, now: string): ChatMessage {
  const meta = answer.metadata ?? {};
  return {
    ...textMessage(
      answer.id,
      meta.parentId ?? fallbackParent,
      "assistant",
      answer.text,
      meta.createdAt ?? now,
    ),
    status: meta.status ?? "streaming",
    error: meta.error ?? null,
    modelId: meta.modelId ?? null,
    inputTokens: meta.inputTokens ?? null,
    cachedInputTokens: meta.cachedInputTokens ?? null,
    outputTokens: meta.outputTokens ?? null,
    tokensEstimated: meta.tokensEstimated ?? false,
    costUsd: meta.costUsd ?? null,
    timeToFirstTokenMs: meta.timeToFirstTokenMs ?? null,
    durationMs: meta.durationMs ?? null,
  };
}

function upsert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}

/**
 * The optimistic question becomes the saved one: the server names the question it saved
 * (`userMessageId`). It keeps the browser's id today; should it ever assign its own, the question and
 * anything under it move to that id.
 */
function reconcile(state: ChatState, turn: Turn, savedId: string | null | undefined): ChatState {
  if (turn.kind !== "submit" || !savedId || savedId === turn.questionId) return state;
  const from = turn.questionId;
  const messages = state.messages.map((m) =>
    m.id === from ? { ...m, id: savedId } : m.parentId === from ? { ...m, parentId: savedId } : m,
  );
  return {
    ...state,
    messages,
    leafId: state.leafId === from ? savedId : state.leafId,
    turn: { ...turn, questionId: savedId },
  };
}

function progress(state: ChatState, answer: LiveAnswer, now: string): ChatState {
  const turn = state.turn;
  // Only an answer the server started (it sent its ids) belongs in the conversation.
  if (!turn || !answer.metadata?.conversationId) return state;
  const reconciled = reconcile(state, turn, answer.metadata.userMessageId);
  const current = reconciled.turn!;
  const message = answerMessage(answer, current.questionId, now);
  return {
    ...reconciled,
    conversationId: answer.metadata.conversationId,
    title: answer.metadata.title ?? reconciled.title,
    contextTrimmed: answer.metadata.contextTrimmed ?? reconciled.contextTrimmed,
    messages: upsert(reconciled.messages, message),
    leafId: message.id,
    turn: { ...current, answerId: message.id },
  };
}

function finish(
  state: ChatState,
  answer: LiveAnswer | null,
  error: string | undefined,
  now: string,
): ChatState {
  const turn = state.turn;
  if (!turn) return state;
  if (!answer?.metadata?.conversationId) return { ...state, turn: null, requestError: error ?? null };
  const next = progress(state, answer, now);
  const final = next.messages.find((m) => m.id === answer.id)!;
  // The stream ended without a final status: cut by Stop (the abort fallback) or by the network.
  let settled = final;
  if (final.status === "streaming") {
    settled = turn.stopRequested
      ? { ...final, status: "stopped" }
      : { ...final, status: "error", error: final.error ?? "The connection was interrupted." };
  } else if (final.status === "error" && !final.error) {
    settled = { ...final, error: "The connection was interrupted." };
  }
  return {
    ...next,
    messages: upsert(next.messages, settled),
    turn: null,
    compare:
      turn.replacing && settled.status === "complete"
        ? { answerId: settled.id, otherId: turn.replacing }
        : null,
  };
}

function begin(
  state: ChatState,
  leafId: string | null,
  turn: Pick<Turn, "kind" | "questionId" | "replacing">,
): ChatState {
  return {
    ...state,
    leafId,
    turn: { ...turn, previousLeafId: state.leafId, answerId: null, stopRequested: false },
    compare: null,
    requestError: null,
    contextTrimmed: 0,
  };
}

/**
 * The answers still being generated when the page was loaded: `main`, the one the page follows as its
 * turn (on the branch shown, else the newest), and `others`, followed without a turn (the blind
 * arena's sides, and any other still streaming).
 */
export function resumableAnswers(state: ChatState): { main: ChatMessage | null; others: ChatMessage[] } {
  const streaming = state.messages.filter((m) => m.role === "assistant" && m.status === "streaming");
  if (streaming.length === 0) return { main: null, others: [] };
  const arenaIds = new Set(state.arena ? [state.arena.answerAId, state.arena.answerBId] : []);
  const candidates = streaming.filter((m) => !arenaIds.has(m.id));
  const tree = buildTree(state.messages);
  const shown = new Set<string>();
  for (let id = state.leafId; id !== null; id = tree.byId.get(id)?.parentId ?? null) shown.add(id);
  const main =
    candidates.find((m) => shown.has(m.id)) ??
    candidates.reduce<ChatMessage | null>((a, m) => (a && a.createdAt >= m.createdAt ? a : m), null);
  return { main, others: streaming.filter((m) => m !== main) };
}

/** Another answer followed since the page opened: its text and status, ending as `finish` ends one. */
function resumed(state: ChatState, answer: LiveAnswer, final: boolean, now: string): ChatState {
  const known = state.messages.find((m) => m.id === answer.id);
  if (!known) return state;
  const update = answerMessage(answer, known.parentId, now);
  // A blind arena side names no model until the vote: keep what the page had.
  let message: ChatMessage = {
    ...update,
    parentId: known.parentId,
    modelId: update.modelId ?? known.modelId,
  };
  if (final && message.status === "streaming") {
    message = { ...message, status: "error", error: "The connection was interrupted." };
  }
  return { ...state, messages: upsert(state.messages, message) };
}

/** `now` stamps messages the server has not dated yet (an argument, so the function stays pure). */
export function chatReducer(state: ChatState, event: ChatEvent, now = new Date().toISOString()): ChatState {
  switch (event.type) {
    case "send": {
      // A new question, or an edit: a sibling of the edited question under the same parent.
      const question = textMessage(event.id, event.parentId, "user", event.text, event.createdAt);
      const next = { ...state, messages: [...state.messages, question] };
      return begin(next, question.id, { kind: "submit", questionId: question.id, replacing: null });
    }
    case "regenerate": {
      const { answer, retry } = event;
      if (!answer.parentId) return state;
      // Only a finished answer is worth comparing with; a failed or stopped one is simply replaced.
      const replacing = !retry && answer.status === "complete" ? answer.id : null;
      return begin(state, answer.parentId, { kind: "regenerate", questionId: answer.parentId, replacing });
    }
    case "resume": {
      const { answer } = event;
      const next = begin(state, answer.id, {
        kind: "resume",
        questionId: answer.parentId ?? "",
        replacing: null,
      });
      return { ...next, turn: { ...next.turn!, answerId: answer.id } };
    }
    case "resumed":
      return resumed(state, event.answer, event.final, now);
    case "select": {
      const leafId = leafUnder(state.messages, event.messageId);
      return leafId ? { ...state, leafId } : state;
    }
    case "progress":
      if (event.answer.arena) return arenaProgress(state, event.answer, event.answer.arena);
      return progress(state, event.answer, now);
    case "stop":
      return state.turn ? { ...state, turn: { ...state.turn, stopRequested: true } } : state;
    case "refused": {
      // Nothing was saved: a refused question goes, and the view returns to where it was.
      const turn = state.turn;
      if (!turn) return { ...state, requestError: event.message };
      return {
        ...state,
        messages:
          turn.kind === "submit" ? state.messages.filter((m) => m.id !== turn.questionId) : state.messages,
        leafId: turn.previousLeafId,
        turn: null,
        requestError: event.message,
      };
    }
    case "finish":
      if (event.answer?.arena) return arenaFinish(state, event.answer, event.answer.arena);
      return finish(state, event.answer, event.error, now);
    case "feedback":
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === event.messageId ? { ...m, feedback: event.feedback } : m,
        ),
      };
    case "end-compare":
      return { ...state, compare: null };
    case "arena-decided":
      return arenaDecided(state, event.result);
  }
}
