"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/feedback", label: "Feedback" },
  { href: "/admin/comparisons", label: "Comparisons" },
  { href: "/admin/leaderboard", label: "Leaderboard" },
  { href: "/admin/evaluations", label: "Evaluations" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/models", label: "Models" },
  { href: "/admin/usage", label: "Usage" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/export", label: "Export" },
  { href: "/admin/datasets", label: "Datasets" },
  { href: "/admin/fine-tuning", label: "Fine-tuning" },
] as const;

/** The admin console's sections; the current one is marked for assistive technology too. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="border-b border-zinc-200 dark:border-zinc-800">
      <ul className="mx-auto flex w-full max-w-6xl gap-1 overflow-x-auto px-4">
        {LINKS.map(({ href, label }) => {
          const current = href === "/admin" ? pathname === href : pathname.startsWith(href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`block border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
                  current
                    ? "border-zinc-900 font-medium text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
                    : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                }`}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
