"use client";

import { useState } from "react";
import { voteArenaAction } from "@/lib/arena/actions";
import { voteChoices, type VoteChoice as Choice } from "@/lib/arena/vote-choices";

/** "Which is better?" under a finished Compare; the vote can be changed by choosing again. */
export function VoteBar({ answerIds }: { answerIds: string[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const choose = (choice: Choice) => {
    // Not disabled while saving: a disabled button would drop the keyboard focus.
    if (pending) return;
    setPending(true);
    setMessage(null);
    void voteArenaAction({ answerIds, ...choice.vote }).then((result) => {
      setPending(false);
      if (result.ok) {
        setChosen(choice.key);
        setMessage({ error: false, text: "Thanks, your vote is saved." });
      } else {
        setMessage({ error: true, text: result.error.message });
      }
    });
  };
  return (
    <div className="flex flex-col gap-2 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
      <div
        role="group"
        aria-labelledby="playground-vote-label"
        aria-busy={pending}
        className="flex flex-wrap items-center gap-2"
      >
        <span id="playground-vote-label" className="text-sm font-medium">
          {answerIds.length === 2 ? "Which is better?" : "Which is best?"}
        </span>
        {voteChoices(answerIds).map((choice) => (
          <button
            key={choice.key}
            type="button"
            aria-pressed={chosen === choice.key}
            onClick={() => choose(choice)}
            className="rounded-full border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 aria-pressed:border-emerald-700 aria-pressed:bg-emerald-700 aria-pressed:text-white dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {choice.label}
          </button>
        ))}
      </div>
      {message ? (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-sm ${message.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
