"use client";

import type { MessageFeedback } from "@/lib/feedback/types";
import type { PlaygroundModel } from "@/lib/playground/types";
import { AnswerColumn } from "./answer-column";
import type { RunState } from "./use-playground-run";
import { VoteBar } from "./vote-bar";

const COLUMNS: Record<number, string> = {
  1: "",
  2: "md:grid-cols-2",
  3: "md:grid-cols-2 xl:grid-cols-3",
  4: "md:grid-cols-2 xl:grid-cols-4",
};

/** The answers side by side (stacked at phone width), and the vote once a Compare has finished. */
export function RunResults({
  run,
  models,
  onFeedbackChange,
}: {
  run: RunState;
  models: PlaygroundModel[];
  onFeedbackChange: (messageId: string, feedback: MessageFeedback | null) => void;
}) {
  const compare = run.columns.length > 1;
  const finished = run.columns.every((c) => c.end !== null);
  return (
    <div className="flex flex-col gap-3">
      <div
        role="region"
        aria-label={compare ? "Compared answers" : "Answer"}
        className={`grid grid-cols-1 gap-3 ${COLUMNS[run.columns.length] ?? ""}`}
      >
        {run.columns.map((column, i) => (
          <AnswerColumn
            key={column.id}
            letter={compare ? String.fromCharCode(65 + i) : null}
            column={column}
            modelName={models.find((m) => m.info.id === column.modelId)?.info.name ?? column.modelId}
            conversationId={run.conversationId}
            onFeedbackChange={onFeedbackChange}
          />
        ))}
      </div>
      {compare && finished ? <VoteBar answerIds={run.columns.map((c) => c.id)} /> : null}
    </div>
  );
}
