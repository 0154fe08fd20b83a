"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { listConversationsAction } from "@/lib/chat/actions";
import { useConversations } from "./conversations-context";

/** The next page of the shown source's history, loaded by a button or as the end of the list scrolls into view. */
export function useConversationPages() {
  const { source, nextCursor, append } = useConversations();
  const [loadingMore, setLoadingMore] = useState(false);
  const sentinelRef = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    const result = await listConversationsAction({ source, cursor: nextCursor });
    if (result.ok) append(source, result.data.items, result.data.nextCursor);
    setLoadingMore(false);
  }, [source, nextCursor, loadingMore, append]);

  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !nextCursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [nextCursor, loadMore]);

  return { hasMore: Boolean(nextCursor), loadingMore, loadMore, sentinelRef };
}

export type ConversationPages = ReturnType<typeof useConversationPages>;
