import { EXCLUSION_LABELS, type TrainingUse } from "@/lib/feedback/consent";

/** Whether the comparison's conversation may become training data (the consent rule), and why not. */
export function TrainingBadge({ training }: { training: TrainingUse }) {
  if (training.usable) {
    return (
      <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
        Usable
      </span>
    );
  }
  return (
    <span className="flex flex-col gap-1">
      <span className="w-fit rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
        Not usable
      </span>
      <span className="text-xs text-zinc-500">
        {training.exclusions.map((reason) => EXCLUSION_LABELS[reason]).join("; ")}
      </span>
    </span>
  );
}
