import Link from "next/link";
import { listHref } from "./search-params";

const linkClass =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Newer/Older links of a keyset-paginated list; each keeps the filters in the URL. */
export function Pager({
  path,
  filters,
  newer,
  older,
}: {
  path: string;
  filters: Record<string, string>;
  newer: string | null;
  older: string | null;
}) {
  if (!newer && !older) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex justify-between gap-2">
      {newer ? (
        <Link className={linkClass} href={listHref(path, filters, { before: newer })}>
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      {older ? (
        <Link className={linkClass} href={listHref(path, filters, { after: older })}>
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
