import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-guards";
import { AppHeader } from "@/components/shell/app-header";
import { AdminNav } from "@/components/admin/admin-nav";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Flywheel" } };

// Second of three admin checks (proxy, this layout, every admin query and action).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageAdmin();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <AdminNav />
      <div className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">{children}</div>
    </div>
  );
}
