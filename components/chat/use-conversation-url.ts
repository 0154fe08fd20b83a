"use client";

import { useEffect } from "react";
import { useConversations } from "@/components/sidebar/conversations-context";
import type { ConversationSource } from "@/lib/chat/types";

/**
 * Once a chat has an id, the URL becomes /c/<id> without a reload (the stream goes on) and the
 * sidebar lists it; a new title (generated or renamed) reaches the sidebar too.
 */
export function useConversationUrl(
  conversationId: string | null,
  title: string,
  temporary: boolean,
  // An API call opened by its URL goes to the API list, not to the chats.
  source: ConversationSource,
) {
  const { upsert, source: shown, selectSource } = useConversations();
  // The sidebar shows the open conversation's list (an API call opened by its URL, a new chat started
  // while the API tab was shown); only when another conversation opens, so the tabs stay the user's.
  useEffect(() => {
    if (conversationId && source !== shown) selectSource(source);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);
  useEffect(() => {
    if (!conversationId) return;
    if (window.location.pathname !== `/c/${conversationId}`) {
      window.history.replaceState(null, "", `/c/${conversationId}`);
    }
    upsert(
      { id: conversationId, title, updatedAt: new Date().toISOString(), temporary, source },
      { moveToTop: true },
    );
    // Only when the conversation appears or is renamed; not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId, title]);
}
