"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { ConversationSummary } from "@/lib/chat/types";

type Cursor = { updatedAt: string; id: string } | null;

type ConversationsState = {
  items: ConversationSummary[];
  nextCursor: Cursor;
  /** Adds or moves a conversation to the top (new message) or updates it in place (rename). */
  upsert: (summary: ConversationSummary, options?: { moveToTop?: boolean }) => void;
  remove: (id: string) => void;
  append: (items: ConversationSummary[], nextCursor: Cursor) => void;
  /** Replaces the whole list (after "Delete all conversations"). */
  reset: (items: ConversationSummary[], nextCursor: Cursor) => void;
};

const Context = createContext<ConversationsState | null>(null);

// The sidebar's list lives here so the chat view can put a new conversation at the top, or update its
// title, without refetching the history.
export function ConversationsProvider({
  initial,
  initialCursor,
  children,
}: {
  initial: ConversationSummary[];
  initialCursor: Cursor;
  children: React.ReactNode;
}) {
  const [items, setItems] = useState(initial);
  const [nextCursor, setNextCursor] = useState<Cursor>(initialCursor);

  const upsert = useCallback((summary: ConversationSummary, options?: { moveToTop?: boolean }) => {
    if (summary.temporary) return;
    setItems((current) => {
      const index = current.findIndex((c) => c.id === summary.id);
      if (index === -1) return [summary, ...current];
      if (options?.moveToTop) return [summary, ...current.filter((c) => c.id !== summary.id)];
      const next = current.slice();
      next[index] = summary;
      return next;
    });
  }, []);
  const remove = useCallback((id: string) => setItems((current) => current.filter((c) => c.id !== id)), []);
  const append = useCallback((more: ConversationSummary[], cursor: Cursor) => {
    setItems((current) => {
      const seen = new Set(current.map((c) => c.id));
      return [...current, ...more.filter((c) => !seen.has(c.id))];
    });
    setNextCursor(cursor);
  }, []);

  const reset = useCallback((all: ConversationSummary[], cursor: Cursor) => {
    setItems(all);
    setNextCursor(cursor);
  }, []);

  const value = useMemo(
    () => ({ items, nextCursor, upsert, remove, append, reset }),
    [items, nextCursor, upsert, remove, append, reset],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useConversations(): ConversationsState {
  const value = useContext(Context);
  if (!value) throw new Error("useConversations needs a ConversationsProvider");
  return value;
}
