"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { Sidebar } from "@/components/sidebar/sidebar";
import { IconButton, iconButtonClass } from "@/components/ui/icon-button";
import { MenuIcon, NewChatIcon } from "@/components/ui/icons";
import { announceNewChat } from "@/components/chat/new-chat";
import { UserMenu } from "./user-menu";

const PHONE = "(max-width: 767px)";

function subscribe(callback: () => void) {
  const query = window.matchMedia(PHONE);
  query.addEventListener("change", callback);
  return () => query.removeEventListener("change", callback);
}

/** The signed-in frame: history sidebar (a drawer on a phone), a top bar, and the page. */
export function ChatShell({
  user,
  leaderboard = false,
  children,
}: {
  /** `playground`: the user may use the playground (lib/playground/access.ts), so it is linked. */
  user: { name: string; email: string; isAdmin: boolean; playground?: boolean };
  /** Show a "Leaderboard" link: for users while an admin has made it public (admins use Admin). */
  leaderboard?: boolean;
  children: React.ReactNode;
}) {
  const isPhone = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE).matches,
    () => false,
  );
  // The drawer starts closed on a phone, the sidebar open on a wider screen; a choice the user made
  // holds until the screen changes between the two.
  const [choice, setChoice] = useState<{ phone: boolean; open: boolean } | null>(null);
  const open = choice && choice.phone === isPhone ? choice.open : !isPhone;
  const setOpen = (value: boolean) => setChoice({ phone: isPhone, open: value });

  return (
    <div className="flex h-dvh overflow-hidden">
      <Sidebar open={open} onClose={() => setOpen(false)} isPhone={isPhone} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center justify-between gap-2 border-b border-zinc-200 px-2 sm:px-4 dark:border-zinc-800">
          <div className="flex items-center gap-1">
            {!open ? (
              <>
                <IconButton label="Open sidebar" size="md" onClick={() => setOpen(true)}>
                  <MenuIcon />
                </IconButton>
                <Link
                  href="/"
                  aria-label="New chat"
                  onClick={announceNewChat}
                  className={iconButtonClass({ size: "md" })}
                >
                  <NewChatIcon />
                </Link>
              </>
            ) : null}
            <nav aria-label="Main" className="flex items-center gap-3">
              <Link href="/" className="px-2 text-lg font-semibold tracking-tight">
                Flywheel
              </Link>
              {user.playground ? (
                <Link
                  href="/playground"
                  className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                >
                  Playground
                </Link>
              ) : null}
              {leaderboard ? (
                <Link
                  href="/leaderboard"
                  className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                >
                  Leaderboard
                </Link>
              ) : null}
            </nav>
          </div>
          <UserMenu name={user.name} email={user.email} isAdmin={user.isAdmin} />
        </header>
        <div className="min-h-0 flex-1 overflow-hidden">{children}</div>
      </div>
    </div>
  );
}
