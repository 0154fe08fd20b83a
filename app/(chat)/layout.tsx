import { requirePageUser } from "@/lib/auth/page-guards";
import { AppHeader } from "@/components/shell/app-header";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <div className="flex-1">{children}</div>
    </div>
  );
}
