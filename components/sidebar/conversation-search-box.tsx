"use client";

import type { Ref } from "react";

export function ConversationSearchBox({
  ref,
  query,
  onQueryChange,
}: {
  ref: Ref<HTMLInputElement>;
  query: string;
  onQueryChange: (query: string) => void;
}) {
  return (
    <div className="px-2 pb-2">
      <input
        ref={ref}
        type="search"
        aria-label="Search chats"
        placeholder="Search chats (Ctrl+K)"
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
