"use client";

import { useEffect } from "react";

/** A short-lived notice with an optional action (e.g. Undo), announced politely to screen readers. */
export function Toast({
  message,
  actionLabel,
  onAction,
  onClose,
  durationMs = 6000,
}: {
  message: string;
  actionLabel?: string;
  onAction?: () => void;
  onClose: () => void;
  durationMs?: number;
}) {
  useEffect(() => {
    const timer = setTimeout(onClose, durationMs);
    return () => clearTimeout(timer);
  }, [onClose, durationMs]);
  return (
    <div
      role="status"
      className="fixed bottom-4 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-lg bg-zinc-900 px-4 py-3 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
    >
      <span>{message}</span>
      {actionLabel && onAction ? (
        <button
          type="button"
          onClick={onAction}
          className="font-semibold text-emerald-300 underline dark:text-emerald-700"
        >
          {actionLabel}
        </button>
      ) : null}
    </div>
  );
}
