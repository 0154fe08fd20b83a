"use client";

import { useCallback, useEffect, useState } from "react";
import { searchConversationsAction } from "@/lib/chat/actions";
import type { ConversationSource, ConversationSummary } from "@/lib/chat/types";

type Change = (results: ConversationSummary[]) => ConversationSummary[];

/**
 * The search box's query and, while it is not blank, the conversations of the shown source that
 * match it: the filter holds while searching, so "API" searches API calls.
 */
export function useConversationSearch(source: ConversationSource) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ source: ConversationSource; items: ConversationSummary[] } | null>(
    null,
  );

  // Debounced so typing a word sends one search, not one per key.
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const timer = setTimeout(() => {
      void searchConversationsAction({ query: q, source }).then((result) => {
        if (result.ok) setFound({ source, items: result.data });
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [query, source]);

  /** Keeps the last results true to a rename or delete made while they are shown. */
  const updateResults = useCallback((change: Change) => {
    setFound((current) => (current ? { ...current, items: change(current.items) } : null));
  }, []);

  // Results apply only while there is a query, and only to the source they were found in.
  const searching = query.trim().length > 0;
  const results = searching && found?.source === source ? found.items : null;
  return { query, setQuery, results, updateResults };
}
