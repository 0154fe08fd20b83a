import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { requirePageUser } from "@/lib/auth/page-guards";
import { AppError } from "@/lib/errors/app-error";
import { getConversation } from "@/lib/chat/conversations";
import { chatConfig } from "@/lib/chat/chat-config";
import { modelNames } from "@/lib/models/registry";
import { ChatView } from "@/components/chat/chat-view";

export const metadata: Metadata = { title: "Chat" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  let conversation;
  try {
    conversation = await getConversation(await currentActor(), id);
  } catch (error) {
    // Someone else's conversation, a deleted one and a malformed id all look the same: not found.
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const recorded = await modelNames(conversation.messages.flatMap((m) => (m.modelId ? [m.modelId] : [])));
  return (
    <ChatView
      key={conversation.id}
      initial={conversation}
      trainingConsent={user.trainingConsent}
      recordedModelNames={recorded}
      {...await chatConfig(user.role)}
    />
  );
}
