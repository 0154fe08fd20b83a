"use client";

import { usePathname } from "next/navigation";
import { useRef } from "react";
import { Toast } from "@/components/ui/toast";
import { ConversationList } from "./conversation-list";
import { ConversationSearchBox } from "./conversation-search-box";
import { useConversations } from "./conversations-context";
import { DeleteChatDialog } from "./delete-chat-dialog";
import { SidebarHeader } from "./sidebar-header";
import { SourceTabs } from "./source-tabs";
import { useConversationActions } from "./use-conversation-actions";
import { useConversationPages } from "./use-conversation-pages";
import { useConversationSearch } from "./use-conversation-search";
import { useSidebarShortcuts } from "./use-sidebar-shortcuts";

export function Sidebar({
  open,
  onClose,
  isPhone,
}: {
  open: boolean;
  onClose: () => void;
  isPhone: boolean;
}) {
  const { items, source, sources, selectSource, loading, loadFailed } = useConversations();
  const pathname = usePathname();
  const activeId = pathname.startsWith("/c/") ? pathname.slice(3) : null;
  const searchRef = useRef<HTMLInputElement>(null);
  useSidebarShortcuts(searchRef);
  const search = useConversationSearch(source);
  const pages = useConversationPages();
  const actions = useConversationActions({ activeId, updateResults: search.updateResults });
  const { toast } = actions;
  const undone = toast?.undo;

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
        <SidebarHeader isPhone={isPhone} onClose={onClose} />
        <ConversationSearchBox
          ref={searchRef}
          source={source}
          query={search.query}
          onQueryChange={search.setQuery}
        />
        <SourceTabs sources={sources} source={source} onSelect={selectSource} />
        <ConversationList
          source={source}
          loading={loading}
          loadFailed={loadFailed}
          items={items}
          results={search.results}
          query={search.query}
          activeId={activeId}
          pages={pages}
          onRename={actions.rename}
          onDelete={actions.askDelete}
          onNavigate={() => isPhone && onClose()}
        />
      </aside>
      <DeleteChatDialog
        conversation={actions.pendingDelete}
        onConfirm={() => void actions.confirmDelete()}
        onCancel={actions.cancelDelete}
      />
      {toast ? (
        <Toast
          message={toast.message}
          {...(undone ? { actionLabel: "Undo", onAction: () => void actions.undo(undone) } : {})}
          onClose={actions.closeToast}
        />
      ) : null}
    </>
  );
}
