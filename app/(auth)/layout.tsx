import { redirect } from "next/navigation";
import { isSignedIn } from "@/lib/auth/page-guards";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  // Active users have nothing to do here; a disabled user's leftover cookie does not count.
  if (await isSignedIn()) redirect("/");
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 py-10 dark:bg-zinc-950">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight">Flywheel</p>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          {children}
        </div>
      </div>
    </main>
  );
}
