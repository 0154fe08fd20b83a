import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-medium text-zinc-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        This page does not exist, or you do not have access to it.
      </p>
      <Link href="/" className="mt-6 text-emerald-700 underline dark:text-emerald-400">
        Back to Flywheel
      </Link>
    </main>
  );
}
