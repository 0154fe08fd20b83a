"use client";

import { useEffect, useState } from "react";
import type { ModelInfo } from "@/lib/ai/model-info";
import { ChatView } from "./chat-view";

export const NEW_CHAT_EVENT = "flywheel:new-chat";

/** Asks the new-chat page to start over (the "New chat" links and Ctrl/Cmd+Shift+O). */
export function announceNewChat(): void {
  window.dispatchEvent(new Event(NEW_CHAT_EVENT));
}

/**
 * The new-chat page. After its first message the URL becomes /c/<id> in place (no navigation, so the
 * stream goes on); "New chat" then returns to the same page, which must start over: it remounts the
 * view when asked.
 */
export function NewChat(props: {
  models: ModelInfo[];
  defaultModelId: string;
  maxChars: number;
  trainingConsent: boolean;
  /** The user's custom instructions, which the new conversation will start with. */
  systemPrompt: string;
}) {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const restart = () => setGeneration((n) => n + 1);
    window.addEventListener(NEW_CHAT_EVENT, restart);
    return () => window.removeEventListener(NEW_CHAT_EVENT, restart);
  }, []);
  const { systemPrompt, ...rest } = props;
  return <ChatView key={generation} initial={null} newChatSystemPrompt={systemPrompt} {...rest} />;
}
