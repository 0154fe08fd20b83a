import Link from "next/link";
import type { ActiveUser } from "@/lib/auth/actor";
import { mayUsePlayground } from "@/lib/playground/access";
import { UserMenu } from "./user-menu";

export async function AppHeader({ user }: { user: ActiveUser }) {
  const playground = await mayUsePlayground(user);
  return (
    <header className="sticky top-0 z-10 flex h-14 items-center justify-between border-b border-zinc-200 bg-white/90 px-3 backdrop-blur sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/90">
      <nav aria-label="Main" className="flex items-center gap-4">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Flywheel
        </Link>
        {playground ? (
          <Link
            href="/playground"
            className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
          >
            Playground
          </Link>
        ) : null}
        {user.role === "ADMIN" ? (
          <Link
            href="/admin"
            className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
          >
            Admin
          </Link>
        ) : null}
      </nav>
      <UserMenu name={user.name} email={user.email} isAdmin={user.role === "ADMIN"} />
    </header>
  );
}
