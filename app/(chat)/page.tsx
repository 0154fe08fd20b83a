import { requirePageUser } from "@/lib/auth/page-guards";

export default async function HomePage() {
  const user = await requirePageUser();
  return (
    <main className="mx-auto flex max-w-2xl flex-col items-center px-4 py-24 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Hello{user.name ? `, ${user.name}` : ""}</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        You are signed in to Flywheel{user.role === "ADMIN" ? " as an admin" : ""}. Conversations appear here.
      </p>
    </main>
  );
}
