"use client";

import { useMemo } from "react";
import { groupByDate } from "@/lib/chat/date-groups";
import type { ConversationSource, ConversationSummary } from "@/lib/chat/types";
import { ConversationRow } from "./conversation-row";
import { CONVERSATION_LIST_ID } from "./source-tabs";
import type { ConversationPages } from "./use-conversation-pages";

const EMPTY: Record<ConversationSource, string> = {
  chat: "Your conversations will appear here.",
  api: "Calls made with your API keys will appear here.",
  playground: "Your playground runs will appear here.",
};

const NONE_MATCH: Record<ConversationSource, string> = {
  chat: "No chats match",
  api: "No API calls match",
  playground: "No playground runs match",
};

/**
 * The shown source's history grouped by date (Today, Yesterday…), or the search results while there
 * is a query. Only the full history pages: search results come in one piece.
 */
export function ConversationList({
  source,
  loading,
  loadFailed,
  items,
  results,
  query,
  activeId,
  pages,
  onRename,
  onDelete,
  onNavigate,
}: {
  source: ConversationSource;
  /** The source's first page is on its way. */
  loading: boolean;
  loadFailed: boolean;
  items: ConversationSummary[];
  /** null when not searching. */
  results: ConversationSummary[] | null;
  query: string;
  activeId: string | null;
  pages: ConversationPages;
  onRename: (conversation: ConversationSummary, title: string) => Promise<boolean>;
  onDelete: (conversation: ConversationSummary) => void;
  onNavigate: () => void;
}) {
  const groups = useMemo(() => groupByDate(results ?? items), [results, items]);

  return (
    <nav
      id={CONVERSATION_LIST_ID}
      aria-label="Conversations"
      aria-busy={loading}
      className="flex-1 overflow-y-auto px-2 pb-4"
    >
      {loadFailed ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-700 dark:text-red-400">
          Could not load the list. Try again.
        </p>
      ) : null}
      {results !== null && results.length === 0 ? (
        <p className="px-3 py-2 text-sm text-zinc-500">
          {NONE_MATCH[source]} “{query.trim()}”.
        </p>
      ) : null}
      {results === null && items.length === 0 && !loadFailed ? (
        <p className="px-3 py-2 text-sm text-zinc-500">{loading ? "Loading…" : EMPTY[source]}</p>
      ) : null}
      {groups.map((group) => (
        <section key={group.label} aria-label={group.label} className="mt-3">
          <h2 className="px-3 pb-1 text-xs font-medium text-zinc-500">{group.label}</h2>
          <ul>
            {group.items.map((conversation) => (
              <ConversationRow
                key={conversation.id}
                conversation={conversation}
                active={conversation.id === activeId}
                onRename={(title) => onRename(conversation, title)}
                onDelete={() => onDelete(conversation)}
                onNavigate={onNavigate}
              />
            ))}
          </ul>
        </section>
      ))}
      {results === null && pages.hasMore ? <LoadMore pages={pages} /> : null}
    </nav>
  );
}

function LoadMore({ pages }: { pages: ConversationPages }) {
  const { sentinelRef, loadMore, loadingMore } = pages;
  return (
    <div ref={sentinelRef} className="px-3 py-2">
      <button
        type="button"
        onClick={() => void loadMore()}
        disabled={loadingMore}
        className="text-sm text-zinc-600 underline dark:text-zinc-400"
      >
        {loadingMore ? "Loading…" : "Load more"}
      </button>
    </div>
  );
}
