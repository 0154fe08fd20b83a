"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import { listConversationsAction } from "@/lib/chat/actions";
import type { ConversationSource, ConversationSummary } from "@/lib/chat/types";

type Cursor = { updatedAt: string; id: string } | null;
type SourceList = { items: ConversationSummary[]; nextCursor: Cursor };
type Lists = Partial<Record<ConversationSource, SourceList>>;

type ConversationsState = {
  /** The filter shown: the chat's own conversations, or API calls, or playground runs. */
  source: ConversationSource;
  /** The filters on offer: "chat" always, the others once the user has such conversations. */
  sources: ConversationSource[];
  /** Shows another source; its first page is fetched afresh (API calls arrive from elsewhere). */
  selectSource: (source: ConversationSource) => void;
  /** The shown source's list; empty while its first page loads. */
  items: ConversationSummary[];
  nextCursor: Cursor;
  /** The shown source's first page is on its way (or failed: `loadFailed`). */
  loading: boolean;
  loadFailed: boolean;
  /** Adds or moves a conversation to the top (new message) or updates it in place (rename). */
  upsert: (summary: ConversationSummary, options?: { moveToTop?: boolean }) => void;
  remove: (id: string) => void;
  append: (source: ConversationSource, items: ConversationSummary[], nextCursor: Cursor) => void;
  /** Replaces the whole list (after "Delete all conversations"). */
  reset: (items: ConversationSummary[], nextCursor: Cursor) => void;
};

const Context = createContext<ConversationsState | null>(null);

function upsertInto(list: SourceList, summary: ConversationSummary, moveToTop: boolean): SourceList {
  const index = list.items.findIndex((c) => c.id === summary.id);
  if (index === -1) return { ...list, items: [summary, ...list.items] };
  if (moveToTop) return { ...list, items: [summary, ...list.items.filter((c) => c.id !== summary.id)] };
  const items = list.items.slice();
  items[index] = summary;
  return { ...list, items };
}

// The sidebar's lists live here so the chat view can put a new conversation at the top, or update its
// title, without refetching the history. One list per source: API calls never enter the chats' list.
export function ConversationsProvider({
  initial,
  initialCursor,
  otherSources = [],
  children,
}: {
  initial: ConversationSummary[];
  initialCursor: Cursor;
  otherSources?: ConversationSource[];
  children: React.ReactNode;
}) {
  const [lists, setLists] = useState<Lists>({ chat: { items: initial, nextCursor: initialCursor } });
  const [others, setOthers] = useState(otherSources);
  const [source, setSource] = useState<ConversationSource>("chat");
  const [loading, setLoading] = useState<ConversationSource | null>(null);
  const [failed, setFailed] = useState<ConversationSource | null>(null);

  const selectSource = useCallback((next: ConversationSource) => {
    setSource(next);
    setFailed(null);
    // The chat's list is kept current by the chat view; the others change behind the user's back.
    if (next === "chat") return;
    setLoading(next);
    void listConversationsAction({ source: next }).then((result) => {
      setLoading((current) => (current === next ? null : current));
      if (!result.ok) {
        setFailed(next);
        return;
      }
      setLists((current) => ({ ...current, [next]: result.data }));
    });
  }, []);

  const upsert = useCallback((summary: ConversationSummary, options?: { moveToTop?: boolean }) => {
    if (summary.temporary) return;
    setOthers((current) =>
      summary.source === "chat" || current.includes(summary.source) ? current : [...current, summary.source],
    );
    setLists((current) => {
      // A list not loaded yet gets the conversation when it loads.
      const list = current[summary.source];
      if (!list) return current;
      return { ...current, [summary.source]: upsertInto(list, summary, options?.moveToTop ?? false) };
    });
  }, []);

  const remove = useCallback(
    (id: string) =>
      setLists((current) => {
        const next: Lists = {};
        for (const [key, list] of Object.entries(current) as [ConversationSource, SourceList][]) {
          next[key] = { ...list, items: list.items.filter((c) => c.id !== id) };
        }
        return next;
      }),
    [],
  );

  const append = useCallback((from: ConversationSource, more: ConversationSummary[], cursor: Cursor) => {
    setLists((current) => {
      const list = current[from] ?? { items: [], nextCursor: null };
      const seen = new Set(list.items.map((c) => c.id));
      return {
        ...current,
        [from]: { items: [...list.items, ...more.filter((c) => !seen.has(c.id))], nextCursor: cursor },
      };
    });
  }, []);

  const reset = useCallback((all: ConversationSummary[], cursor: Cursor) => {
    setLists({ chat: { items: all, nextCursor: cursor } });
    setOthers([]);
    setSource("chat");
  }, []);

  const shown = lists[source];
  const value = useMemo(
    () => ({
      source,
      sources: ["chat" as const, ...others],
      selectSource,
      items: shown?.items ?? [],
      nextCursor: shown?.nextCursor ?? null,
      loading: loading === source,
      loadFailed: failed === source,
      upsert,
      remove,
      append,
      reset,
    }),
    [source, others, selectSource, shown, loading, failed, upsert, remove, append, reset],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useConversations(): ConversationsState {
  const value = useContext(Context);
  if (!value) throw new Error("useConversations needs a ConversationsProvider");
  return value;
}
