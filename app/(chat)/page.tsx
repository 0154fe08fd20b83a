import { requirePageUser } from "@/lib/auth/page-guards";
import { chatConfig } from "@/lib/chat/chat-config";
import { NewChat } from "@/components/chat/new-chat";

export default async function NewChatPage() {
  await requirePageUser();
  return <NewChat {...chatConfig()} />;
}
