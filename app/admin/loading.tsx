// Shown inside the admin layout (header and navigation stay) while a page's data loads: the lists and
// the overview query the database on every visit, and a click should answer at once.
export default function AdminLoading() {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-4">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="h-7 w-48 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      <div aria-hidden="true" className="h-10 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <div aria-hidden="true" className="h-64 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
    </div>
  );
}
