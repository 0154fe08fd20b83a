"use client";

import { FeedbackPanel } from "./feedback-panel";
import type { FeedbackState } from "./use-feedback";

/** Below an answer: the panel a rating opens, the error of a failed rating, or the thanks. */
export function FeedbackFollowUp({
  state: { panelFor, feedback, submitting, error, notice, submit, dismiss },
}: {
  state: FeedbackState;
}) {
  return (
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
}
