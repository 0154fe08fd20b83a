"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, type UIMessage } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ModelInfo } from "@/lib/ai/model-info";
import type { ChatRequest } from "@/lib/chat/schemas";
import { buildTree, newestLeafUnder, pathTo, resolveLeaf, siblingsOf } from "@/lib/chat/tree";
import type { ChatMessage, ConversationDetail, StreamMetadata } from "@/lib/chat/types";
import { selectBranchAction, setConversationModelAction, stopGenerationAction } from "@/lib/chat/actions";
import { useConversations } from "@/components/sidebar/conversations-context";
import { AssistantMessage, UserMessage, type Versions } from "./message-item";
import { Composer, type ComposerHandle } from "./composer";
import { ModelPicker } from "./model-picker";
import { SystemPromptEditor } from "./system-prompt-editor";
import { useFollowScroll } from "./use-follow-scroll";
import { apiErrorMessage } from "./api-error";
import { TrainingNotice } from "./training-notice";
import { trackEvent } from "@/components/feedback/track";
import type { MessageFeedback } from "@/lib/feedback/types";

type Message = UIMessage<StreamMetadata>;

const PAGE = 40;

function textOf(message: Message): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** The streamed answer as a ChatMessage, from useChat's message and the metadata the server sent. */
function liveToChatMessage(message: Message, fallbackParent: string | null): ChatMessage {
  const meta = message.metadata ?? {};
  return {
    id: message.id,
    parentId: meta.parentId ?? fallbackParent,
    role: "assistant",
    text: textOf(message),
    createdAt: meta.createdAt ?? new Date().toISOString(),
    status: meta.status ?? "streaming",
    error: meta.error ?? null,
    modelId: meta.modelId ?? null,
    inputTokens: meta.inputTokens ?? null,
    outputTokens: meta.outputTokens ?? null,
    timeToFirstTokenMs: meta.timeToFirstTokenMs ?? null,
    durationMs: meta.durationMs ?? null,
  };
}

/**
 * The turn being sent: what the transport posts (only what this turn adds — the server owns the
 * history) and whether the user pressed Stop. Written by event handlers, read when a request is sent.
 */
class Turn {
  body: ChatRequest | null = null;
  stopRequested = false;
  /** For a regenerate: the answer it replaces, to ask "better or worse?" about once it is done. */
  replacing: string | null = null;
  readonly transport = new DefaultChatTransport<Message>({
    api: "/api/chat",
    prepareSendMessagesRequest: () => ({ body: this.body ?? {} }),
  });
  begin(body: ChatRequest, replacing: string | null = null) {
    this.body = body;
    this.stopRequested = false;
    this.replacing = replacing;
  }
  requestStop() {
    this.stopRequested = true;
  }
}

export function ChatView({
  initial,
  models,
  defaultModelId,
  maxChars,
  trainingConsent,
}: {
  initial: ConversationDetail | null;
  models: ModelInfo[];
  defaultModelId: string;
  maxChars: number;
  /** The user's "Use my conversations to improve models" switch. */
  trainingConsent: boolean;
}) {
  const { upsert } = useConversations();
  const [savedId, setSavedId] = useState<string | null>(initial?.id ?? null);
  const [title, setTitle] = useState(initial?.title ?? "New chat");
  const [messages, setMessages] = useState<ChatMessage[]>(initial?.messages ?? []);
  const [leafId, setLeafId] = useState<string | null>(() => {
    const tree = buildTree(initial?.messages ?? []);
    return resolveLeaf(tree, initial?.currentLeafId)?.id ?? null;
  });
  const [modelId, setModelId] = useState(
    initial?.modelId && models.some((m) => m.id === initial.modelId) ? initial.modelId : defaultModelId,
  );
  const [systemPrompt, setSystemPrompt] = useState(initial?.systemPrompt ?? "");
  const [temporary, setTemporary] = useState(initial?.temporary ?? false);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [compare, setCompare] = useState<{ answerId: string; otherId: string } | null>(null);
  const [turn] = useState(() => new Turn());
  const composer = useRef<ComposerHandle>(null);

  const chat = useChat<Message>({
    transport: turn.transport,
    experimental_throttle: 30,
    onFinish: ({ message }) => {
      // Only an answer the server started (it sent its ids) belongs in the conversation.
      if (message.role !== "assistant" || !message.metadata?.conversationId) return;
      const body = turn.body;
      const final = liveToChatMessage(
        message,
        body?.trigger === "submit" ? body.message.id : (body?.parentId ?? null),
      );
      if (final.status === "streaming") final.status = turn.stopRequested ? "stopped" : "error";
      if (final.status === "error" && !final.error) final.error = "The connection was interrupted.";
      setMessages((current) => [...current.filter((m) => m.id !== final.id), final]);
      setLeafId(final.id);
      if (turn.replacing && final.status === "complete") {
        setCompare({ answerId: final.id, otherId: turn.replacing });
      }
      const meta = message.metadata;
      if (meta?.conversationId) setSavedId(meta.conversationId);
      if (meta?.title) setTitle(meta.title);
    },
    onError: (error) => {
      // A request refused before streaming (too long, rate-limited, not found): nothing was saved, so
      // the optimistic message goes and its text returns to the composer.
      const body = turn.body;
      const problem = apiErrorMessage(error);
      if (!problem.refused) return; // the streamed answer shows its own error, with Retry
      if (body?.trigger === "submit") {
        setMessages((current) => current.filter((m) => m.id !== body.message.id));
        setLeafId(body.parentId);
        composer.current?.setText(body.message.text);
      }
      setRequestError(problem.message);
    },
  });

  const live = chat.messages.at(-1);
  const busy = chat.status === "submitted" || chat.status === "streaming";
  const liveMeta = live?.role === "assistant" ? live.metadata : undefined;
  const liveMessage =
    busy && live?.role === "assistant" ? liveToChatMessage(live, liveMeta?.parentId ?? null) : null;
  // A new chat learns its id from the server's first chunk.
  const conversationId = savedId ?? liveMeta?.conversationId ?? null;
  const shownTitle = liveMeta?.title ?? title;
  const trimmed = liveMeta?.contextTrimmed ?? 0;
  const notice =
    trimmed > 0
      ? `${trimmed} earlier message${trimmed === 1 ? " was" : "s were"} left out to fit the model's context window.`
      : null;

  // The URL becomes /c/<id> without a reload, and the sidebar learns of the conversation.
  useEffect(() => {
    if (!conversationId) return;
    if (window.location.pathname !== `/c/${conversationId}`) {
      window.history.replaceState(null, "", `/c/${conversationId}`);
    }
    upsert(
      { id: conversationId, title: shownTitle, updatedAt: new Date().toISOString(), temporary },
      { moveToTop: true },
    );
    // Only when the conversation appears or is renamed; not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId, shownTitle]);

  const allMessages = useMemo(
    () => (liveMessage ? [...messages.filter((m) => m.id !== liveMessage.id), liveMessage] : messages),
    [messages, liveMessage],
  );
  const tree = useMemo(() => buildTree(allMessages), [allMessages]);
  const shownLeaf = liveMessage?.id ?? leafId;
  const path = useMemo(() => pathTo(tree, shownLeaf), [tree, shownLeaf]);
  // Long conversations open on their latest messages; earlier ones render on request, so opening a
  // 500-message chat costs about as much as opening a short one.
  const [windowSize, setWindowSize] = useState(PAGE);
  const hidden = Math.max(0, path.length - windowSize);
  const visible = hidden > 0 ? path.slice(hidden) : path;
  const modelNames = useMemo(() => new Map(models.map((m) => [m.id, m.name])), [models]);
  const {
    ref: scrollRef,
    atBottom,
    onScroll,
    jump,
  } = useFollowScroll(path.length + (liveMessage?.text.length ?? 0));

  const start = useCallback(
    (body: ChatRequest, replacing: string | null = null) => {
      setRequestError(null);
      setCompare(null);
      if (conversationId) setSavedId(conversationId);
      turn.begin(body, replacing);
      chat.clearError();
      chat.setMessages([]);
      if (body.trigger === "submit") {
        void chat.sendMessage({
          id: body.message.id,
          role: "user",
          parts: [{ type: "text", text: body.message.text }],
        });
      } else {
        void chat.sendMessage();
      }
    },
    [chat, conversationId, turn],
  );

  const submit = (text: string, parentId: string | null, editedId: string | null = null) => {
    const edit = editedId !== null;
    const id = crypto.randomUUID();
    const optimistic: ChatMessage = {
      id,
      parentId,
      role: "user",
      text,
      createdAt: new Date().toISOString(),
      status: "complete",
      error: null,
      modelId: null,
      inputTokens: null,
      outputTokens: null,
      timeToFirstTokenMs: null,
      durationMs: null,
    };
    setMessages((current) => [...current, optimistic]);
    setLeafId(id);
    if (edit) trackEvent("edit", conversationId, editedId);
    start({
      trigger: "submit",
      conversationId,
      parentId,
      message: { id, text },
      modelId,
      ...(conversationId ? {} : { temporary }),
      ...(edit ? { edit: true } : {}),
    });
  };

  const regenerate = (answer: ChatMessage, retry = false) => {
    if (!conversationId || !answer.parentId) return;
    trackEvent(retry ? "retry" : "regenerate", conversationId, answer.id);
    setLeafId(answer.parentId);
    start(
      {
        trigger: "regenerate",
        conversationId,
        parentId: answer.parentId,
        modelId,
        ...(retry ? { retry } : {}),
      },
      // Only a finished answer is worth comparing with; a failed or stopped one is simply replaced.
      !retry && answer.status === "complete" ? answer.id : null,
    );
  };

  const stop = useCallback(() => {
    turn.requestStop();
    const id = live?.role === "assistant" ? live.id : null;
    trackEvent("stop", conversationId, id);
    if (!id) {
      void chat.stop();
      return;
    }
    // The server stops the upstream request and ends the stream with what it has ("stopped").
    void stopGenerationAction({ messageId: id }).then((result) => {
      if (!result.ok) void chat.stop();
    });
  }, [chat, live, turn, conversationId]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, stop]);

  const versionsOf = (message: ChatMessage): Versions => {
    const { siblings, index } = siblingsOf(tree, message.id);
    return {
      index,
      count: siblings.length,
      select: (next) => {
        const sibling = siblings[next];
        if (!sibling) return;
        const leaf = newestLeafUnder(tree, sibling.id) ?? sibling;
        trackEvent("switch_branch", conversationId, sibling.id, { index: next + 1, count: siblings.length });
        setLeafId(leaf.id);
        if (conversationId) void selectBranchAction({ conversationId, leafId: leaf.id });
      },
    };
  };

  // Stable, so that rating one answer does not re-render the others (they are memoised).
  const changeFeedback = useCallback((messageId: string, feedback: MessageFeedback | null) => {
    setMessages((current) => current.map((m) => (m.id === messageId ? { ...m, feedback } : m)));
  }, []);
  const endCompare = useCallback(() => setCompare(null), []);

  const changeModel = (next: string) => {
    setModelId(next);
    if (conversationId) void setConversationModelAction({ conversationId, modelId: next });
  };

  const lastUserId = [...path].reverse().find((m) => m.role === "user")?.id ?? null;

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-between gap-2 px-3 py-2 sm:px-4">
        <ModelPicker models={models} value={modelId} onChange={changeModel} disabled={busy} />
        <div className="flex items-center gap-1">
          {conversationId ? (
            <SystemPromptEditor
              conversationId={conversationId}
              value={systemPrompt}
              onSaved={setSystemPrompt}
            />
          ) : (
            <button
              type="button"
              aria-pressed={temporary}
              onClick={() => setTemporary((v) => !v)}
              className={`rounded-md px-2 py-1.5 text-sm ${
                temporary
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
              }`}
            >
              Temporary chat
            </button>
          )}
        </div>
      </div>
      <TrainingNotice temporary={temporary} trainingConsent={trainingConsent} />
      <div ref={scrollRef} onScroll={onScroll} className="relative min-h-0 flex-1 overflow-y-auto">
        <div
          role="log"
          aria-label="Messages"
          className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6"
        >
          {path.length === 0 ? (
            <div className="mt-[15vh] text-center">
              <h1 className="text-2xl font-semibold tracking-tight">What can I help with?</h1>
              <p className="mt-2 text-sm text-zinc-500">
                Answers can be rated — ratings help improve the models you use.
              </p>
            </div>
          ) : null}
          {hidden > 0 ? (
            <button
              type="button"
              onClick={() => setWindowSize((n) => n + PAGE)}
              className="mx-auto rounded-full border border-zinc-300 px-3 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800"
            >
              Show {Math.min(PAGE, hidden)} earlier messages
            </button>
          ) : null}
          {visible.map((message) =>
            message.role === "user" ? (
              <UserMessage
                key={message.id}
                message={message}
                versions={versionsOf(message)}
                busy={busy}
                onEdit={(text) => submit(text, message.parentId, message.id)}
              />
            ) : (
              <AssistantMessage
                key={message.id}
                message={message}
                modelName={modelNames.get(message.modelId ?? "") ?? message.modelId ?? ""}
                versions={versionsOf(message)}
                busy={busy}
                streaming={message.id === liveMessage?.id}
                conversationId={conversationId}
                compareWith={compare?.answerId === message.id ? compare.otherId : null}
                onRegenerate={() => regenerate(message)}
                onRetry={() => regenerate(message, true)}
                onFeedbackChange={changeFeedback}
                onCompareDone={endCompare}
              />
            ),
          )}
          {busy && !liveMessage ? (
            <span
              aria-label="Thinking"
              className="inline-block size-3 animate-pulse rounded-full bg-zinc-400"
            />
          ) : null}
          {notice ? <p className="text-center text-xs text-zinc-500">{notice}</p> : null}
          {requestError ? (
            <div
              role="alert"
              className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
            >
              {requestError}
            </div>
          ) : null}
        </div>
        {!atBottom ? (
          <button
            type="button"
            onClick={jump}
            className="sticky bottom-3 left-1/2 mx-auto block -translate-x-1/2 rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm shadow dark:border-zinc-700 dark:bg-zinc-900"
          >
            Jump to latest
          </button>
        ) : null}
      </div>
      <div className="mx-auto w-full max-w-3xl px-3 pb-4 sm:px-4">
        <Composer
          ref={composer}
          busy={busy}
          maxChars={maxChars}
          onStop={stop}
          onSend={(text) => {
            const parent = path.at(-1);
            // A question follows the last answer of the branch shown (or starts the conversation).
            submit(text, parent?.role === "assistant" ? parent.id : (parent?.parentId ?? null));
          }}
        />
        <p className="mt-2 text-center text-xs text-zinc-500">
          {lastUserId
            ? "Models can make mistakes. Check important information."
            : "Enter to send, Shift+Enter for a new line."}
        </p>
      </div>
    </div>
  );
}
