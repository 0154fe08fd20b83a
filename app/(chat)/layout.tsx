import { requirePageUser } from "@/lib/auth/page-guards";
import { currentActor } from "@/lib/auth/session";
import { listConversations } from "@/lib/chat/conversations";
import { ChatShell } from "@/components/shell/chat-shell";
import { ConversationsProvider } from "@/components/sidebar/conversations-context";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const firstPage = await listConversations(await currentActor(), { limit: 50 });
  return (
    <ConversationsProvider initial={firstPage.items} initialCursor={firstPage.nextCursor}>
      <ChatShell user={{ name: user.name, email: user.email, isAdmin: user.role === "ADMIN" }}>
        {children}
      </ChatShell>
    </ConversationsProvider>
  );
}
