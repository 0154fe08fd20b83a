"use client";

import { useRef, useState } from "react";
import type { RatingValue } from "@/lib/feedback/reasons";
import type { MessageFeedback } from "@/lib/feedback/types";
import { rateMessageAction, submitFeedbackAction } from "@/lib/feedback/actions";
import { trackEvent } from "./track";

export type FeedbackState = ReturnType<typeof useFeedback>;

/**
 * The rating of one answer and the follow-up it opens. A click updates at once; the server's answer
 * confirms it, or the previous state comes back with an error. Clicking the pressed rating again
 * removes it; the other one changes it. Rendered by FeedbackButtons and FeedbackFollowUp.
 */
export function useFeedback({
  messageId,
  conversationId,
  feedback,
  onChange,
}: {
  messageId: string;
  conversationId: string | null;
  feedback: MessageFeedback | null;
  onChange: (messageId: string, feedback: MessageFeedback | null) => void;
}) {
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
    setPanelFor(next);
    if (next) trackEvent("feedback_open", conversationId, messageId);
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

  return {
    feedback,
    rating: feedback?.rating ?? null,
    panelFor,
    error,
    notice,
    submitting,
    rate,
    submit,
    dismiss,
  };
}
