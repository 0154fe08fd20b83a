"use client";

import { useRef, useState } from "react";
import type { RatingValue } from "@/lib/feedback/reasons";
import type { MessageFeedback } from "@/lib/feedback/types";
import { rateMessageAction, submitFeedbackAction } from "@/lib/feedback/actions";
import { ThumbDownIcon, ThumbUpIcon } from "@/components/chat/icons";
import { FeedbackPanel } from "./feedback-panel";
import { trackEvent } from "./track";

const button =
  "rounded p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 disabled:opacity-40 aria-pressed:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:aria-pressed:text-zinc-100";

/**
 * "Good response" / "Bad response" on a finished answer, and the panel that follows a rating: the
 * buttons go in the answer's action row, the panel below it. The buttons update at once; the server's
 * answer confirms it, or the previous state comes back with an error. Click the pressed one again to
 * remove the rating; the other one changes it.
 */
export function useFeedbackControls({
  messageId,
  conversationId,
  feedback,
  onChange,
}: {
  messageId: string;
  conversationId: string | null;
  feedback: MessageFeedback | null;
  onChange: (messageId: string, feedback: MessageFeedback | null) => void;
}): { buttons: React.ReactNode; panel: React.ReactNode } {
  const [panelFor, setPanelFor] = useState<RatingValue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Ratings may be clicked faster than the server answers; only the latest answer may set the state.
  const latest = useRef(0);

  const rate = (clicked: RatingValue) => {
    const previous = feedback;
    const next = previous?.rating === clicked ? null : clicked;
    const request = ++latest.current;
    setError(null);
    setNotice(null);
    onChange(
      messageId,
      next
        ? {
            rating: next,
            reasons: previous?.rating === next ? previous.reasons : [],
            comment: previous?.comment ?? "",
          }
        : null,
    );
    if (next) {
      setPanelFor(next);
      trackEvent("feedback_open", conversationId, messageId);
    } else {
      setPanelFor(null);
    }
    void rateMessageAction({ messageId, rating: next }).then((result) => {
      if (request !== latest.current) return;
      if (result.ok) {
        onChange(messageId, result.data);
      } else {
        onChange(messageId, previous);
        setPanelFor(null);
        setError(result.error.message);
      }
    });
  };

  const submit = (reasons: string[], comment: string) => {
    if (!panelFor) return;
    const request = ++latest.current;
    setSubmitting(true);
    setError(null);
    void submitFeedbackAction({ messageId, rating: panelFor, reasons, comment }).then((result) => {
      setSubmitting(false);
      if (request !== latest.current) return;
      if (result.ok) {
        onChange(messageId, result.data);
        setPanelFor(null);
        setNotice("Thanks for your feedback!");
      } else {
        setError(result.error.message);
      }
    });
  };

  const dismiss = () => {
    setPanelFor(null);
    setError(null);
    trackEvent("feedback_dismiss", conversationId, messageId);
  };

  const rating = feedback?.rating ?? null;
  const buttons = (
    <>
      <button
        type="button"
        aria-label="Good response"
        aria-pressed={rating === "up"}
        onClick={() => rate("up")}
        className={button}
      >
        <ThumbUpIcon filled={rating === "up"} />
      </button>
      <button
        type="button"
        aria-label="Bad response"
        aria-pressed={rating === "down"}
        onClick={() => rate("down")}
        className={button}
      >
        <ThumbDownIcon filled={rating === "down"} />
      </button>
    </>
  );
  const panel = (
    <>
      {panelFor ? (
        <FeedbackPanel
          key={panelFor}
          rating={panelFor}
          initial={feedback}
          pending={submitting}
          error={error}
          onSubmit={submit}
          onDismiss={dismiss}
        />
      ) : error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p role="status" className="text-xs text-zinc-500 empty:hidden">
        {notice}
      </p>
    </>
  );
  return { buttons, panel };
}
