import { requirePageUser } from "@/lib/auth/page-guards";
import { chatConfig } from "@/lib/chat/chat-config";
import { NewChat } from "@/components/chat/new-chat";

export default async function NewChatPage() {
  const user = await requirePageUser();
  return <NewChat trainingConsent={user.trainingConsent} {...await chatConfig(user.role)} />;
}
