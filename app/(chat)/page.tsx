import { requirePageUser } from "@/lib/auth/page-guards";
import { chatConfig } from "@/lib/chat/chat-config";
import { ChatView } from "@/components/chat/chat-view";

export default async function NewChatPage() {
  await requirePageUser();
  return <ChatView key="new" initial={null} {...chatConfig()} />;
}
