const STYLES: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  cancelled: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

/** A job's internal status, as text (colour is only a hint). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="job-status"
      className={`rounded px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200"}`}
    >
      {status}
    </span>
  );
}
