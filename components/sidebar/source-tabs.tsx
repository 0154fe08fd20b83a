"use client";

import { useRef, type KeyboardEvent } from "react";
import type { ConversationSource } from "@/lib/chat/types";

export const SOURCE_LABELS: Record<ConversationSource, string> = {
  chat: "Chats",
  api: "API",
  playground: "Playground",
};

export const CONVERSATION_LIST_ID = "sidebar-conversations";

/**
 * "Show: Chats | API | Playground" above the history. Only rendered when there is more than one
 * source, so someone who never used the API sees the sidebar as before. A tablist with the arrow keys
 * moving between tabs (WAI-ARIA tabs pattern, automatic activation).
 */
export function SourceTabs({
  sources,
  source,
  onSelect,
}: {
  sources: ConversationSource[];
  source: ConversationSource;
  onSelect: (source: ConversationSource) => void;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (sources.length < 2) return null;

  const move = (event: KeyboardEvent, index: number) => {
    const last = sources.length - 1;
    const to =
      event.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    const next = to === null ? undefined : sources[to];
    if (to === null || !next) return;
    event.preventDefault();
    onSelect(next);
    tabs.current[to]?.focus();
  };

  return (
    <div
      role="tablist"
      aria-label="Show"
      className="mx-2 mb-2 flex gap-1 rounded-md bg-zinc-200/60 p-0.5 dark:bg-zinc-800"
    >
      {sources.map((option, index) => {
        const selected = option === source;
        return (
          <button
            key={option}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={CONVERSATION_LIST_ID}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(option)}
            onKeyDown={(event) => move(event, index)}
            className={`flex-1 rounded px-2 py-1 text-xs font-medium ${
              selected
                ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {SOURCE_LABELS[option]}
          </button>
        );
      })}
    </div>
  );
}
