"use client";

import { memo, useState } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import { LazyMarkdown } from "./markdown/lazy-markdown";
import { copyText } from "./markdown/copy-text";
import { VersionNav } from "./version-nav";
import { MessageDetails } from "./message-details";
import { CheckIcon, CopyIcon, EditIcon, RegenerateIcon } from "@/components/ui/icons";
import { IconButton } from "@/components/ui/icon-button";
import type { MessageFeedback } from "@/lib/feedback/types";
import { useFeedback } from "@/components/feedback/use-feedback";
import { FeedbackButtons } from "@/components/feedback/feedback-buttons";
import { FeedbackFollowUp } from "@/components/feedback/feedback-follow-up";
import { ComparePrompt } from "@/components/feedback/compare-prompt";
import { trackEvent } from "@/components/feedback/track";

export type Versions = { index: number; count: number; select: (index: number) => void };

function CopyButton({ text, onCopied }: { text: string; onCopied?: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <IconButton
      // The name says the copy happened, for screen readers as the check mark does for eyes.
      label={copied ? "Copied" : "Copy"}
      onClick={() => {
        void copyText(text).then((ok) => {
          if (!ok) return;
          onCopied?.();
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </IconButton>
  );
}

export const UserMessage = memo(function UserMessage({
  message,
  versions,
  busy,
  onEdit,
}: {
  message: ChatMessage;
  versions: Versions;
  busy: boolean;
  onEdit: (text: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  if (editing) {
    return (
      <div className="ml-auto w-full max-w-[85%] rounded-2xl bg-zinc-100 p-3 dark:bg-zinc-800">
        <textarea
          aria-label="Edit message"
          autoFocus
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={Math.min(10, draft.split("\n").length + 1)}
          className="w-full resize-y rounded-md bg-white p-2 text-base dark:bg-zinc-900"
        />
        <div className="mt-2 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => {
              setEditing(false);
              setDraft(message.text);
            }}
            className="rounded-full px-3 py-1.5 text-sm hover:bg-zinc-200 dark:hover:bg-zinc-700"
          >
            Cancel
          </button>
          <button
            type="button"
            disabled={busy || draft.trim().length === 0}
            onClick={() => {
              setEditing(false);
              onEdit(draft);
            }}
            className="rounded-full bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Send
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="group flex flex-col items-end gap-1">
      <div className="max-w-[85%] rounded-2xl bg-zinc-100 px-4 py-2.5 break-words whitespace-pre-wrap dark:bg-zinc-800">
        {message.text}
      </div>
      <div className="flex items-center gap-1 opacity-100 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
        <VersionNav {...versions} onSelect={versions.select} disabled={busy} />
        <CopyButton text={message.text} />
        <IconButton
          label="Edit message"
          disabled={busy}
          onClick={() => {
            setDraft(message.text);
            setEditing(true);
          }}
        >
          <EditIcon />
        </IconButton>
      </div>
    </div>
  );
});

/** An answer: rating, copy and regenerate appear once it has finished streaming. */
export const AssistantMessage = memo(function AssistantMessage({
  message,
  conversationId,
  modelName,
  versions,
  busy,
  streaming,
  compareWith,
  onRegenerate,
  onRetry,
  onFeedbackChange,
  onCompareDone,
}: {
  message: ChatMessage;
  conversationId: string | null;
  modelName: string;
  versions: Versions;
  busy: boolean;
  streaming: boolean;
  /** The sibling this (regenerated) answer should be compared with, when the question is pending. */
  compareWith: string | null;
  onRegenerate: () => void;
  onRetry: () => void;
  onFeedbackChange: (messageId: string, feedback: MessageFeedback | null) => void;
  onCompareDone: () => void;
}) {
  const finished = !streaming && message.status !== "streaming";
  const feedback = useFeedback({
    messageId: message.id,
    conversationId,
    feedback: message.feedback ?? null,
    onChange: onFeedbackChange,
  });
  return (
    <article
      aria-label="Assistant message"
      data-status={message.status}
      className="group flex flex-col gap-1"
    >
      {message.text ? (
        <LazyMarkdown
          text={message.text}
          streaming={streaming}
          onCopyCode={() => trackEvent("copy_code", conversationId, message.id)}
        />
      ) : streaming ? (
        <span aria-label="Thinking" className="inline-block size-3 animate-pulse rounded-full bg-zinc-400" />
      ) : null}
      {message.status === "stopped" && finished ? (
        <p className="text-xs text-zinc-500 italic">Stopped</p>
      ) : null}
      {message.status === "error" && finished ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <span>{message.error ?? "The answer failed."}</span>
          <button
            type="button"
            onClick={onRetry}
            disabled={busy}
            className="rounded-md border border-red-400 px-3 py-1 font-medium hover:bg-red-100 disabled:opacity-50 dark:hover:bg-red-900"
          >
            Retry
          </button>
        </div>
      ) : null}
      {finished ? (
        <>
          <div className="flex flex-wrap items-center gap-1">
            <VersionNav {...versions} onSelect={versions.select} disabled={busy} />
            <CopyButton text={message.text} onCopied={() => trackEvent("copy", conversationId, message.id)} />
            <IconButton label="Regenerate" disabled={busy} onClick={onRegenerate}>
              <RegenerateIcon />
            </IconButton>
            <FeedbackButtons rating={feedback.rating} onRate={feedback.rate} />
            <MessageDetails message={message} />
            <span className="ml-1 text-xs text-zinc-500">{modelName}</span>
          </div>
          {compareWith && message.status === "complete" ? (
            <ComparePrompt answerId={message.id} otherId={compareWith} onDone={onCompareDone} />
          ) : null}
          <FeedbackFollowUp state={feedback} />
        </>
      ) : null}
    </article>
  );
});
