"use client";

import type { Ref } from "react";
import type { ConversationSource } from "@/lib/chat/types";

// The search stays within the shown filter; its name says which.
const SEARCH_LABELS: Record<ConversationSource, string> = {
  chat: "Search chats",
  api: "Search API calls",
  playground: "Search playground runs",
};

export function ConversationSearchBox({
  ref,
  source,
  query,
  onQueryChange,
}: {
  ref: Ref<HTMLInputElement>;
  source: ConversationSource;
  query: string;
  onQueryChange: (query: string) => void;
}) {
  return (
    <div className="px-2 pb-2">
      <input
        ref={ref}
        type="search"
        aria-label={SEARCH_LABELS[source]}
        placeholder={`${SEARCH_LABELS[source]} (Ctrl+K)`}
        value={query}
        maxLength={200}
        onChange={(e) => onQueryChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") onQueryChange("");
        }}
        className="w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
    </div>
  );
}
