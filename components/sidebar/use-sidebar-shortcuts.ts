"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { RefObject } from "react";
import { announceNewChat } from "@/components/chat/new-chat";

/** Ctrl/Cmd+K searches, Ctrl/Cmd+Shift+O starts a new chat (as in ChatGPT). */
export function useSidebarShortcuts(searchRef: RefObject<HTMLInputElement | null>): void {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (mod && event.shiftKey && event.key.toLowerCase() === "o") {
        event.preventDefault();
        announceNewChat();
        router.push("/");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, searchRef]);
}
