import { requirePageUser } from "@/lib/auth/page-guards";
import { currentActor } from "@/lib/auth/session";
import { chatConfig } from "@/lib/chat/chat-config";
import { getSettings } from "@/lib/users/settings";
import { NewChat } from "@/components/chat/new-chat";

export default async function NewChatPage() {
  const user = await requirePageUser();
  // A new conversation starts with the user's custom instructions as its system prompt; the
  // composer counts them in the tokens the first turn will send.
  const { customInstructions } = await getSettings(await currentActor());
  return (
    <NewChat
      trainingConsent={user.trainingConsent}
      systemPrompt={customInstructions}
      {...await chatConfig(user.role)}
    />
  );
}
