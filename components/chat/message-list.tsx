"use client";

import { useState } from "react";
import { siblingsOf, type Tree } from "@/lib/chat/tree";
import type { ChatMessage } from "@/lib/chat/types";
import type { MessageFeedback } from "@/lib/feedback/types";
import { modelLabel } from "./model-label";
import { AssistantMessage, UserMessage, type Versions } from "./message-item";
import { useFollowScroll } from "./use-follow-scroll";
import type { ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import { ArenaSlot } from "./arena/arena-slot";
import type { ArenaView } from "./arena/arena-state";

const PAGE = 40;

/**
 * The branch shown, in a scroll container that follows the stream. Long conversations open on their
 * latest messages; earlier ones render on request, so opening a 500-message chat costs about as much
 * as opening a short one.
 */
export function MessageList({
  tree,
  path,
  busy,
  streamingId,
  conversationId,
  compare,
  modelNames,
  notice,
  requestError,
  onEdit,
  onRegenerate,
  onSelectVersion,
  onFeedbackChange,
  onCompareDone,
  arena = null,
  onArenaDecided = () => {},
}: {
  tree: Tree<ChatMessage>;
  path: ChatMessage[];
  busy: boolean;
  /** The answer streaming now; none while the request waits for its first chunk. */
  streamingId: string | null;
  conversationId: string | null;
  compare: { answerId: string; otherId: string } | null;
  modelNames: Map<string, string>;
  notice: string | null;
  requestError: string | null;
  onEdit: (text: string, question: ChatMessage) => void;
  onRegenerate: (answer: ChatMessage, retry: boolean) => void;
  onSelectVersion: (messageId: string, index: number, count: number) => void;
  onFeedbackChange: (messageId: string, feedback: MessageFeedback | null) => void;
  onCompareDone: () => void;
  /** The blind arena of the last question (components/chat/arena). */
  arena?: ArenaView | null;
  onArenaDecided?: (result: ArenaVoteResult) => void;
}) {
  const [windowSize, setWindowSize] = useState(PAGE);
  const hidden = Math.max(0, path.length - windowSize);
  const visible = hidden > 0 ? path.slice(hidden) : path;
  // An arena turn streams two answers (its turn names A): follow whichever grows.
  const arenaB = arena && !arena.decided && streamingId === arena.answerAId ? arena.answerBId : null;
  const streamed = streamingId
    ? (tree.byId.get(streamingId)?.text.length ?? 0) +
      (arenaB ? (tree.byId.get(arenaB)?.text.length ?? 0) : 0)
    : 0;
  const { ref, atBottom, onScroll, jump } = useFollowScroll(path.length + streamed);

  const versionsOf = (message: ChatMessage): Versions => {
    const { siblings, index } = siblingsOf(tree, message.id);
    return {
      index,
      count: siblings.length,
      select: (next) => {
        const sibling = siblings[next];
        if (sibling) onSelectVersion(sibling.id, next, siblings.length);
      },
    };
  };

  return (
    <div ref={ref} onScroll={onScroll} className="relative min-h-0 flex-1 overflow-y-auto">
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
              onEdit={(text) => onEdit(text, message)}
            />
          ) : (
            <ArenaSlot
              key={message.id}
              arena={arena}
              message={message}
              tree={tree}
              modelNames={modelNames}
              onDecided={onArenaDecided}
            >
              <AssistantMessage
                message={message}
                modelName={modelLabel(modelNames, message.modelId)}
                versions={versionsOf(message)}
                busy={busy}
                streaming={message.id === streamingId}
                conversationId={conversationId}
                compareWith={compare?.answerId === message.id ? compare.otherId : null}
                onRegenerate={() => onRegenerate(message, false)}
                onRetry={() => onRegenerate(message, true)}
                onFeedbackChange={onFeedbackChange}
                onCompareDone={onCompareDone}
              />
            </ArenaSlot>
          ),
        )}
        {busy && !streamingId ? (
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
  );
}
