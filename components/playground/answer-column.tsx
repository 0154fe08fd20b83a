"use client";

import { LazyMarkdown } from "@/components/chat/markdown/lazy-markdown";
import { useFeedback } from "@/components/feedback/use-feedback";
import { FeedbackButtons } from "@/components/feedback/feedback-buttons";
import { FeedbackFollowUp } from "@/components/feedback/feedback-follow-up";
import type { MessageFeedback } from "@/lib/feedback/types";
import { formatCost, formatTokens } from "@/lib/usage/format-usage";
import type { RunColumn } from "./use-playground-run";

function ms(value: number | null): string {
  if (value === null) return "—";
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

/**
 * One model's answer: its text as it streams, then its time to first token, tokens and cost as
 * stored, and the chat's rating controls.
 */
export function AnswerColumn({
  letter,
  column,
  modelName,
  conversationId,
  onFeedbackChange,
}: {
  /** "A", "B"… in Compare; null for a single run. */
  letter: string | null;
  column: RunColumn;
  modelName: string;
  conversationId: string;
  onFeedbackChange: (messageId: string, feedback: MessageFeedback | null) => void;
}) {
  const feedback = useFeedback({
    messageId: column.id,
    conversationId,
    feedback: column.feedback,
    onChange: onFeedbackChange,
  });
  const { end } = column;
  const approx = end?.tokensEstimated ? "~" : "";
  const title = letter ? `Answer ${letter}: ${modelName}` : `Answer: ${modelName}`;
  return (
    <section
      aria-label={title}
      data-status={end?.status ?? "streaming"}
      className="flex min-w-0 flex-col gap-2 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <h3 className="text-sm font-semibold">{title}</h3>
      <div className="min-h-12 text-sm">
        {column.text ? (
          <LazyMarkdown text={column.text} streaming={!end} />
        ) : !end ? (
          <span
            aria-label="Thinking"
            className="inline-block size-3 animate-pulse rounded-full bg-zinc-400"
          />
        ) : null}
      </div>
      {end?.status === "stopped" ? <p className="text-xs text-zinc-500 italic">Stopped</p> : null}
      {end?.status === "error" ? (
        <p
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {end.error ?? "The answer failed."}
        </p>
      ) : null}
      {end ? (
        <>
          <dl
            aria-label={`Usage of ${letter ? `answer ${letter}` : "the answer"}`}
            className="grid grid-cols-2 gap-x-2 gap-y-0.5 text-xs text-zinc-600 sm:grid-cols-4 dark:text-zinc-400"
          >
            <div>
              <dt>Time to first token</dt>
              <dd className="tabular-nums">{ms(end.timeToFirstTokenMs)}</dd>
            </div>
            <div>
              <dt>Tokens in</dt>
              <dd className="tabular-nums">
                {end.inputTokens === null ? "—" : `${approx}${formatTokens(end.inputTokens)}`}
              </dd>
            </div>
            <div>
              <dt>Tokens out</dt>
              <dd className="tabular-nums">
                {end.outputTokens === null ? "—" : `${approx}${formatTokens(end.outputTokens)}`}
              </dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd className="tabular-nums">{formatCost(end.costUsd)}</dd>
            </div>
          </dl>
          <div className="flex items-center gap-1">
            <FeedbackButtons rating={feedback.rating} onRate={feedback.rate} />
          </div>
          <FeedbackFollowUp state={feedback} />
        </>
      ) : null}
    </section>
  );
}
