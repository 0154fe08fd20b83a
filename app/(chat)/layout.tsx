import { requirePageUser } from "@/lib/auth/page-guards";
import { currentActor } from "@/lib/auth/session";
import { listConversations, otherConversationSources } from "@/lib/chat/conversations";
import { mayUsePlayground } from "@/lib/playground/access";
import { featureSettings } from "@/lib/settings/app-settings";
import { ChatShell } from "@/components/shell/chat-shell";
import { ConversationsProvider } from "@/components/sidebar/conversations-context";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const actor = await currentActor();
  const [firstPage, otherSources, playground, features] = await Promise.all([
    listConversations(actor, { limit: 50 }),
    otherConversationSources(actor),
    mayUsePlayground(user),
    featureSettings(),
  ]);
  return (
    <ConversationsProvider
      initial={firstPage.items}
      initialCursor={firstPage.nextCursor}
      otherSources={otherSources}
    >
      <ChatShell
        user={{ name: user.name, email: user.email, isAdmin: user.role === "ADMIN", playground }}
        leaderboard={features.leaderboardPublic && user.role !== "ADMIN"}
      >
        {children}
      </ChatShell>
    </ConversationsProvider>
  );
}
