"use client";

import { useCallback, useEffect, useState } from "react";
import { searchConversationsAction } from "@/lib/chat/actions";
import type { ConversationSummary } from "@/lib/chat/types";

type Change = (results: ConversationSummary[]) => ConversationSummary[];

/** The search box's query and, while it is not blank, the conversations that match it. */
export function useConversationSearch() {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ConversationSummary[] | null>(null);

  // Debounced so typing a word sends one search, not one per key.
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const timer = setTimeout(() => {
      void searchConversationsAction({ query: q }).then((result) => {
        if (result.ok) setResults(result.data);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  /** Keeps the last results true to a rename or delete made while they are shown. */
  const updateResults = useCallback((change: Change) => {
    setResults((current) => (current ? change(current) : null));
  }, []);

  // Results apply only while there is a query.
  const searching = query.trim().length > 0;
  return { query, setQuery, results: searching ? results : null, updateResults };
}
