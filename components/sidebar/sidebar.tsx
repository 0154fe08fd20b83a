"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  deleteConversationAction,
  listConversationsAction,
  renameConversationAction,
  restoreConversationAction,
  searchConversationsAction,
} from "@/lib/chat/actions";
import { groupByDate } from "@/lib/chat/date-groups";
import type { ConversationSummary } from "@/lib/chat/types";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Toast } from "@/components/ui/toast";
import { useConversations } from "./conversations-context";
import { ConversationRow } from "./conversation-row";
import { IconButton } from "@/components/ui/icon-button";
import { NewChatIcon, SidebarIcon } from "@/components/ui/icons";
import { announceNewChat } from "@/components/chat/new-chat";

export function Sidebar({
  open,
  onClose,
  isPhone,
}: {
  open: boolean;
  onClose: () => void;
  isPhone: boolean;
}) {
  const { items, nextCursor, upsert, remove, append } = useConversations();
  const pathname = usePathname();
  const router = useRouter();
  const activeId = pathname.startsWith("/c/") ? pathname.slice(3) : null;
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ConversationSummary[] | null>(null);
  const [pendingDelete, setPendingDelete] = useState<ConversationSummary | null>(null);
  const [toast, setToast] = useState<{ message: string; undo?: ConversationSummary } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const sentinelRef = useRef<HTMLDivElement>(null);

  // Ctrl/Cmd+K searches, Ctrl/Cmd+Shift+O starts a new chat (as in ChatGPT).
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
  }, [router]);

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

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    const result = await listConversationsAction({ cursor: nextCursor });
    if (result.ok) append(result.data.items, result.data.nextCursor);
    setLoadingMore(false);
  }, [nextCursor, loadingMore, append]);

  // Loads the next page as the end of the list scrolls into view.
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !nextCursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [nextCursor, loadMore]);

  // Results apply only while there is a query.
  const searching = query.trim().length > 0;
  const shown = searching ? results : null;
  const groups = useMemo(() => groupByDate(shown ?? items), [shown, items]);

  const rename = async (conversation: ConversationSummary, title: string) => {
    const result = await renameConversationAction({ conversationId: conversation.id, title });
    if (!result.ok) {
      setToast({ message: result.error.message });
      return false;
    }
    upsert(result.data);
    setResults((r) => r?.map((c) => (c.id === conversation.id ? result.data : c)) ?? null);
    return true;
  };

  const confirmDelete = async () => {
    const conversation = pendingDelete;
    setPendingDelete(null);
    if (!conversation) return;
    const result = await deleteConversationAction({ conversationId: conversation.id });
    if (!result.ok) {
      setToast({ message: result.error.message });
      return;
    }
    remove(conversation.id);
    setResults((r) => r?.filter((c) => c.id !== conversation.id) ?? null);
    setToast({ message: "Chat deleted.", undo: conversation });
    if (conversation.id === activeId) router.push("/");
  };

  const undo = async (conversation: ConversationSummary) => {
    setToast(null);
    const result = await restoreConversationAction({ conversationId: conversation.id });
    if (result.ok) upsert(result.data);
  };

  return (
    <>
      {isPhone && open ? (
        <div aria-hidden className="fixed inset-0 z-30 bg-black/40" onClick={onClose} />
      ) : null}
      <aside
        aria-label="Chat history"
        hidden={!open}
        className={`flex h-dvh w-72 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 ${
          isPhone ? "fixed inset-y-0 left-0 z-40 shadow-xl" : ""
        }`}
      >
        <div className="flex items-center justify-between gap-2 p-2">
          <IconButton label="Close sidebar" size="md" tone="sunken" onClick={onClose}>
            <SidebarIcon />
          </IconButton>
          <Link
            href="/"
            aria-label="New chat"
            onClick={() => {
              announceNewChat();
              if (isPhone) onClose();
            }}
            className="flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium hover:bg-zinc-200 dark:hover:bg-zinc-800"
          >
            <NewChatIcon small />
            New chat
          </Link>
        </div>
        <div className="px-2 pb-2">
          <input
            ref={searchRef}
            type="search"
            aria-label="Search chats"
            placeholder="Search chats (Ctrl+K)"
            value={query}
            maxLength={200}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setQuery("");
            }}
            className="w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
        </div>
        <nav aria-label="Conversations" className="flex-1 overflow-y-auto px-2 pb-4">
          {shown !== null && shown.length === 0 ? (
            <p className="px-3 py-2 text-sm text-zinc-500">No chats match “{query.trim()}”.</p>
          ) : null}
          {shown === null && items.length === 0 ? (
            <p className="px-3 py-2 text-sm text-zinc-500">Your conversations will appear here.</p>
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
                    onRename={(title) => rename(conversation, title)}
                    onDelete={() => setPendingDelete(conversation)}
                    onNavigate={() => isPhone && onClose()}
                  />
                ))}
              </ul>
            </section>
          ))}
          {shown === null && nextCursor ? (
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
          ) : null}
        </nav>
      </aside>
      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete chat?"
        body={
          <>
            This deletes <strong>{pendingDelete?.title}</strong> with its messages and ratings. Undo brings
            the chat back for a few minutes, but not its ratings.
          </>
        }
        confirmLabel="Delete"
        onConfirm={() => void confirmDelete()}
        onCancel={() => setPendingDelete(null)}
      />
      {toast ? (
        <Toast
          message={toast.message}
          {...(toast.undo ? { actionLabel: "Undo", onAction: () => void undo(toast.undo!) } : {})}
          onClose={closeToast}
        />
      ) : null}
    </>
  );
}
