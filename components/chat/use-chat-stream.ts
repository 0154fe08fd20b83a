"use client";

import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { ChatRequest } from "@/lib/chat/schemas";
import type { ChatMessage, ConversationDetail, StreamMetadata } from "@/lib/chat/types";
import type { MessageFeedback } from "@/lib/feedback/types";
import { selectBranchAction, stopGenerationAction } from "@/lib/chat/actions";
import { trackEvent } from "@/components/feedback/track";
import {
  chatReducer,
  initialChatState,
  leafUnder,
  resumableAnswers,
  type ChatEvent,
  type ChatState,
  type LiveAnswer,
} from "./state/message-tree";
import { apiErrorMessage } from "./api-error";
import type { ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import { arenaStreamingIds, liveArena } from "./arena/arena-state";

type Message = UIMessage<StreamMetadata>;

// The request carries only what the turn adds (the server owns the history), passed per call. An
// answer is followed again by its own id (a reload, or a stream that broke): any instance serves it.
const transport = new DefaultChatTransport<Message>({
  api: "/api/chat",
  prepareSendMessagesRequest: ({ body }) => ({ body: body ?? {} }),
  prepareReconnectToStreamRequest: ({ id }) => ({
    api: `/api/chat/answers/${encodeURIComponent(id)}/stream`,
  }),
});

/** Waits before each new attempt to follow an answer whose stream broke (about 15 s in all). */
const RECONNECT_DELAYS_MS = [300, 1_000, 2_000, 4_000, 8_000];

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

const reduce = (state: ChatState, event: ChatEvent) => chatReducer(state, event);

/** Re-render at most this often while an answer streams (a token can be a few characters). */
const THROTTLE_MS = 30;

const textOf = (message: Message) =>
  message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");

type ReadResult = { answer: LiveAnswer | null; refused?: string; error?: string };
// The reconnect call types its chunks' metadata as unknown; both streams are ours, with StreamMetadata.
type OpenStream = () => Promise<
  ReadableStream<UIMessageChunk> | ReadableStream<UIMessageChunk<StreamMetadata>> | null
>;

/**
 * Reads one answer stream. Every state change goes through `onAnswer` (throttled); the promise
 * settles with the last answer seen, or with a refusal when the server refused the request before
 * streaming (a failed response: nothing was saved).
 */
async function readStream(
  open: OpenStream,
  signal: AbortSignal,
  onAnswer: (answer: LiveAnswer) => void,
): Promise<ReadResult> {
  let answer: LiveAnswer | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failure: string | undefined;
  const onError = (error: unknown) => {
    if (error instanceof Error && error.name !== "AbortError") failure = apiErrorMessage(error).message;
  };
  try {
    const stream = await open();
    if (!stream) return { answer: null };
    // A failed stream (provider error, cut connection) is reported by the answer's own status.
    const chunks = stream as ReadableStream<UIMessageChunk<StreamMetadata>>;
    for await (const message of readUIMessageStream<Message>({ stream: chunks, onError })) {
      const arena = liveArena(message);
      answer = {
        id: message.id,
        text: textOf(message),
        metadata: message.metadata,
        ...(arena ? { arena } : {}),
      };
      timer ??= setTimeout(() => {
        timer = null;
        if (answer) onAnswer(answer);
      }, THROTTLE_MS);
    }
  } catch (error) {
    if (error instanceof Error) {
      const problem = apiErrorMessage(error);
      if (problem.refused) return { answer: null, refused: problem.message };
      onError(error);
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
  return { answer, ...(failure ? { error: failure } : {}) };
}

/** The stream ended before the answer did: no final status came (the instance or the network went). */
const cut = (answer: LiveAnswer | null): answer is LiveAnswer =>
  answer !== null && !answer.arena && answer.metadata?.status === "streaming";

/**
 * Reads an answer to its end: the stream `open` gives, then, if that stream breaks before the answer
 * ends, the same answer again by its id (from whichever instance answers: it sends the text so far,
 * then the rest live), a few times with growing pauses. The server goes on generating whatever the
 * browser does, so a broken stream is not a failed answer. With `answerId` (a page following an answer
 * it loaded), a first request that is refused or brings nothing (a draining instance's 503, a network
 * blip) is tried again the same way.
 */
async function readAnswer(
  open: OpenStream,
  signal: AbortSignal,
  onAnswer: (answer: LiveAnswer) => void,
  answerId?: string,
): Promise<ReadResult> {
  let result = await readStream(open, signal, onAnswer);
  for (const delay of RECONNECT_DELAYS_MS) {
    const id = result.answer?.id ?? answerId;
    const followAgain = result.answer ? cut(result.answer) : answerId !== undefined;
    if (signal.aborted || !followAgain || id === undefined) break;
    await pause(delay, signal);
    if (signal.aborted) break;
    const again = await readStream(
      () => transport.reconnectToStream({ chatId: id, abortSignal: signal }),
      signal,
      onAnswer,
    );
    // A refusal (a restarting instance, a lost session) leaves the answer as it was: try again.
    if (again.answer || !result.answer) result = again;
  }
  return result;
}

/** Follows an answer by its id, as after a reload: the text so far, then live. */
const followAnswer = (answerId: string, signal: AbortSignal, onAnswer: (answer: LiveAnswer) => void) =>
  readAnswer(
    () => transport.reconnectToStream({ chatId: answerId, abortSignal: signal }),
    signal,
    onAnswer,
    answerId,
  );

/** A message the page loaded as a live answer's starting point, for when nothing more arrives. */
const asLiveAnswer = (message: ChatMessage, conversationId: string): LiveAnswer => ({
  id: message.id,
  text: message.text,
  metadata: {
    conversationId,
    parentId: message.parentId,
    createdAt: message.createdAt,
    status: "streaming",
    ...(message.modelId ? { modelId: message.modelId } : {}),
  },
});

/**
 * The chat screen's one owner of its messages and of the stream: the state (message-tree.ts), the
 * request of the turn in flight, Stop (and Esc), and the signals each action sends.
 */
export function useChatStream({
  initial,
  modelId,
  temporary,
  onRefused,
}: {
  initial: ConversationDetail | null;
  modelId: string;
  temporary: boolean;
  /** A refused question's text, to give back to the composer. */
  onRefused: (text: string) => void;
}) {
  const [state, dispatch] = useReducer(reduce, initial, initialChatState);
  const request = useRef<AbortController | null>(null);
  const { conversationId, turn } = state;
  const busy = turn !== null;

  const start = useCallback(
    (body: ChatRequest) => {
      const controller = new AbortController();
      request.current = controller;
      const open = () =>
        transport.sendMessages({
          chatId: body.conversationId ?? "new",
          messages: [],
          abortSignal: controller.signal,
          trigger: "submit-message",
          messageId: undefined,
          body,
        });
      void readAnswer(open, controller.signal, (answer) => dispatch({ type: "progress", answer })).then(
        (result) => {
          if (request.current === controller) request.current = null;
          if (result.refused === undefined) {
            dispatch({
              type: "finish",
              answer: result.answer,
              ...(result.error ? { error: result.error } : {}),
            });
            return;
          }
          dispatch({ type: "refused", message: result.refused });
          if (body.trigger === "submit") onRefused(body.message.text);
        },
      );
    },
    [onRefused],
  );

  // Leaving the page ends the request; the server finishes and saves the answer anyway.
  useEffect(() => () => request.current?.abort(), []);

  // Opened while an answer is still being generated (a reload, another tab or device): follow it to
  // its end, with Stop, as if this tab had asked. The blind arena's answers are followed too, without
  // a turn (they are shown side by side, not as the branch's answer). Once, for the page as loaded.
  const loaded = useRef(state);
  useEffect(() => {
    const conversation = loaded.current.conversationId;
    if (!conversation) return;
    const { main, others } = resumableAnswers(loaded.current);
    const controller = new AbortController();
    if (main) {
      request.current = controller;
      dispatch({ type: "resume", answer: main });
      void followAnswer(main.id, controller.signal, (answer) => dispatch({ type: "progress", answer })).then(
        (result) => {
          if (controller.signal.aborted) return; // the page went away
          if (request.current === controller) request.current = null;
          dispatch({ type: "finish", answer: result.answer ?? asLiveAnswer(main, conversation) });
        },
      );
    }
    for (const other of others) {
      void followAnswer(other.id, controller.signal, (answer) =>
        dispatch({ type: "resumed", answer, final: false }),
      ).then((result) => {
        if (!controller.signal.aborted)
          dispatch({
            type: "resumed",
            answer: result.answer ?? asLiveAnswer(other, conversation),
            final: true,
          });
      });
    }
    return () => controller.abort();
  }, []);

  /** A new question under `parentId`; with `editedId`, a new version of that question. */
  const send = (text: string, parentId: string | null, editedId: string | null = null) => {
    const id = crypto.randomUUID();
    dispatch({ type: "send", id, text, parentId, createdAt: new Date().toISOString() });
    if (editedId !== null) trackEvent("edit", conversationId, editedId);
    start({
      trigger: "submit",
      conversationId,
      parentId,
      message: { id, text },
      modelId,
      ...(conversationId ? {} : { temporary }),
      ...(editedId !== null ? { edit: true } : {}),
    });
  };

  const regenerate = (answer: ChatMessage, retry = false) => {
    if (!conversationId || !answer.parentId) return;
    trackEvent(retry ? "retry" : "regenerate", conversationId, answer.id);
    dispatch({ type: "regenerate", answer, retry });
    start({
      trigger: "regenerate",
      conversationId,
      parentId: answer.parentId,
      modelId,
      ...(retry ? { retry } : {}),
    });
  };

  // An arena turn streams two answers: Stop stops both. (A string, so that Stop stays the same function.)
  const arenaIds = arenaStreamingIds(state)?.join(" ") ?? null;
  const stop = useCallback(() => {
    dispatch({ type: "stop" });
    const id = turn?.answerId ?? null;
    trackEvent("stop", conversationId, id);
    if (!id) {
      request.current?.abort();
      return;
    }
    // The server stops the upstream request and ends the stream with what it has ("stopped").
    for (const messageId of arenaIds?.split(" ") ?? [id]) {
      void stopGenerationAction({ messageId }).then((result) => {
        if (!result.ok) request.current?.abort();
      });
    }
  }, [turn, conversationId, arenaIds]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, stop]);

  /** Shows version `index + 1` of `count` (the sibling `messageId`) and remembers the choice. */
  const selectVersion = (messageId: string, index: number, count: number) => {
    const leafId = leafUnder(state.messages, messageId);
    if (!leafId) return;
    trackEvent("switch_branch", conversationId, messageId, { index: index + 1, count });
    dispatch({ type: "select", messageId });
    if (conversationId) void selectBranchAction({ conversationId, leafId });
  };

  // Stable, so that rating one answer does not re-render the others (they are memoised).
  const changeFeedback = useCallback(
    (messageId: string, feedback: MessageFeedback | null) =>
      dispatch({ type: "feedback", messageId, feedback }),
    [],
  );
  const endCompare = useCallback(() => dispatch({ type: "end-compare" }), []);
  const decideArena = useCallback(
    (result: ArenaVoteResult) => dispatch({ type: "arena-decided", result }),
    [],
  );

  return { state, busy, send, regenerate, stop, selectVersion, changeFeedback, endCompare, decideArena };
}
