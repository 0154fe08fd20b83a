export const WITHDRAWN_LABEL = "Contains withdrawn data — rebuild before training";

/** Shown on a flagged dataset: someone took back data it holds, so no new training starts on it. */
export function FlagBadge({ reason }: { reason: string | null }) {
  return (
    <span
      title={reason ?? undefined}
      className="inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      {WITHDRAWN_LABEL}
    </span>
  );
}
