"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { signOutAction } from "@/lib/auth/actions";
import { MenuItem, menuItemClass } from "@/components/ui/menu-item";
import { ThemeToggle } from "./theme-toggle";

export function UserMenu({ name, email, isAdmin }: { name: string; email: string; isAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const initial = (name || email).charAt(0).toUpperCase();
  const item = menuItemClass();

  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-label="Account menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-full p-1 pr-3 hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <span
          aria-hidden
          className="flex size-8 items-center justify-center rounded-full bg-emerald-700 text-sm font-semibold text-white"
        >
          {initial}
        </span>
        <span className="hidden max-w-40 truncate text-sm sm:inline">{name || email}</span>
      </button>
      {open ? (
        <div
          role="menu"
          aria-label="Account"
          className="absolute right-0 z-20 mt-2 w-64 overflow-hidden rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <p className="truncate text-sm font-medium">{name}</p>
            <p className="truncate text-xs text-zinc-500">{email}</p>
          </div>
          <Link role="menuitem" href="/settings" className={item} onClick={() => setOpen(false)}>
            Settings
          </Link>
          {isAdmin ? (
            <Link role="menuitem" href="/admin" className={item} onClick={() => setOpen(false)}>
              Admin
            </Link>
          ) : null}
          <ThemeToggle />
          <form action={signOutAction} className="border-t border-zinc-200 dark:border-zinc-800">
            <MenuItem type="submit">Sign out</MenuItem>
          </form>
        </div>
      ) : null}
    </div>
  );
}
