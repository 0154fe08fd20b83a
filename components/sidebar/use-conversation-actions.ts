"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import {
  deleteConversationAction,
  renameConversationAction,
  restoreConversationAction,
} from "@/lib/chat/actions";
import type { ConversationSummary } from "@/lib/chat/types";
import { useConversations } from "./conversations-context";

export type SidebarToast = { message: string; undo?: ConversationSummary };

/**
 * Rename and delete from a row's menu. Delete asks first, then offers Undo in a toast; failures show
 * their message in the same toast.
 */
export function useConversationActions({
  activeId,
  updateResults,
}: {
  activeId: string | null;
  /** Applies the same change to the search results on screen. */
  updateResults: (change: (results: ConversationSummary[]) => ConversationSummary[]) => void;
}) {
  const { upsert, remove } = useConversations();
  const router = useRouter();
  const [pendingDelete, setPendingDelete] = useState<ConversationSummary | null>(null);
  const [toast, setToast] = useState<SidebarToast | null>(null);
  const closeToast = useCallback(() => setToast(null), []);

  const rename = async (conversation: ConversationSummary, title: string) => {
    const result = await renameConversationAction({ conversationId: conversation.id, title });
    if (!result.ok) {
      setToast({ message: result.error.message });
      return false;
    }
    upsert(result.data);
    updateResults((r) => r.map((c) => (c.id === conversation.id ? result.data : c)));
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
    updateResults((r) => r.filter((c) => c.id !== conversation.id));
    setToast({ message: "Chat deleted.", undo: conversation });
    if (conversation.id === activeId) router.push("/");
  };

  const undo = async (conversation: ConversationSummary) => {
    setToast(null);
    const result = await restoreConversationAction({ conversationId: conversation.id });
    if (result.ok) upsert(result.data);
  };

  return {
    rename,
    pendingDelete,
    askDelete: setPendingDelete,
    cancelDelete: () => setPendingDelete(null),
    confirmDelete,
    toast,
    closeToast,
    undo,
  };
}
