"use client";

import { useState } from "react";
import { COMMENT_MAX_CHARS, reasonsFor, type RatingValue } from "@/lib/feedback/reasons";
import type { MessageFeedback } from "@/lib/feedback/types";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon } from "@/components/ui/icons";
import { TextArea } from "@/components/ui/text-area";

const chip =
  "rounded-full border px-3 py-1 text-sm transition-colors aria-pressed:border-zinc-900 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:aria-pressed:border-zinc-100 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900 border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * The inline panel offered after a rating: reason chips and a comment. Not modal: the conversation
 * stays usable, and closing it keeps the rating.
 */
export function FeedbackPanel({
  rating,
  initial,
  pending,
  error,
  onSubmit,
  onDismiss,
}: {
  rating: RatingValue;
  initial: MessageFeedback | null;
  pending: boolean;
  error: string | null;
  onSubmit: (reasons: string[], comment: string) => void;
  onDismiss: () => void;
}) {
  const sameRating = initial?.rating === rating;
  const [reasons, setReasons] = useState<string[]>(sameRating ? initial.reasons : []);
  const [comment, setComment] = useState(initial?.comment ?? "");
  const options = Object.entries(reasonsFor(rating));
  const toggle = (key: string) =>
    setReasons((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]));
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-label="Feedback"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onDismiss();
        }
      }}
      className="mt-2 rounded-xl border border-zinc-200 p-3 dark:border-zinc-700"
    >
      <div className="flex items-start justify-between gap-2">
        <p className="text-sm font-medium">
          {rating === "up" ? "What did you like about this response?" : "What went wrong?"}{" "}
          <span className="font-normal text-zinc-500">(optional)</span>
        </p>
        <IconButton label="Close feedback" size="xs" onClick={onDismiss}>
          <CloseIcon />
        </IconButton>
      </div>
      <div role="group" aria-label="Reasons" className="mt-2 flex flex-wrap gap-2">
        {options.map(([key, label]) => (
          <button
            key={key}
            type="button"
            aria-pressed={reasons.includes(key)}
            onClick={() => toggle(key)}
            className={chip}
          >
            {label}
          </button>
        ))}
      </div>
      <form
        className="mt-3 flex flex-col gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(reasons, comment);
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <TextArea
            aria-label="Comment"
            value={comment}
            maxLength={COMMENT_MAX_CHARS}
            onChange={(event) => setComment(event.target.value)}
            rows={2}
            placeholder="Add a comment (optional)"
          />
        </label>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="text-xs text-zinc-500" aria-live="polite">
            {comment.length > COMMENT_MAX_CHARS * 0.8
              ? `${comment.length.toLocaleString("en")} / ${COMMENT_MAX_CHARS.toLocaleString("en")}`
              : ""}
          </span>
          <button
            type="submit"
            disabled={pending}
            className="rounded-full bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Submit feedback
          </button>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
