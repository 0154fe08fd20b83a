"use client";

import type { PlaygroundModel } from "@/lib/playground/types";

const select =
  "max-w-64 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-medium dark:border-zinc-700 dark:bg-zinc-900";

const letterOf = (i: number) => String.fromCharCode(65 + i);

/**
 * The model picker: one "Model" for a run, or "Model A", "Model B"… side by side for Compare (2 to 4),
 * each model chosen once.
 */
export function ModelSelect({
  models,
  chosen,
  compare,
  error,
  onChange,
}: {
  models: PlaygroundModel[];
  chosen: string[];
  compare: boolean;
  error: string | undefined;
  onChange: (ids: string[]) => void;
}) {
  const set = (index: number, id: string) => onChange(chosen.map((c, i) => (i === index ? id : c)));
  const unused = models.find((m) => !chosen.includes(m.info.id));
  return (
    <div className="flex flex-wrap items-center gap-2">
      {chosen.map((id, i) => (
        <span key={i} className="flex items-center gap-1">
          <select
            aria-label={compare ? `Model ${letterOf(i)}` : "Model"}
            value={id}
            onChange={(e) => set(i, e.target.value)}
            aria-invalid={error ? true : undefined}
            className={select}
          >
            {models.map((m) => (
              <option
                key={m.info.id}
                value={m.info.id}
                disabled={m.info.id !== id && chosen.includes(m.info.id)}
              >
                {m.info.name}
              </option>
            ))}
          </select>
          {compare && chosen.length > 2 ? (
            <button
              type="button"
              onClick={() => onChange(chosen.filter((_, j) => j !== i))}
              className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            >
              <span aria-hidden>×</span>
              <span className="sr-only">{`Remove model ${letterOf(i)}`}</span>
            </button>
          ) : null}
        </span>
      ))}
      {compare && chosen.length < 4 && unused ? (
        <button
          type="button"
          onClick={() => onChange([...chosen, unused.info.id])}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Add model
        </button>
      ) : null}
      {error ? <p className="w-full text-sm text-red-700 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
