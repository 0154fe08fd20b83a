"use client";

// Shown when a page fails to render, most often because the database cannot be reached. The raw error
// is never shown; the page recovers with "Try again" once the database is back.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Flywheel could not load this page. If the database is restarting, this usually resolves in a few
        seconds.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800"
      >
        Try again
      </button>
    </main>
  );
}
