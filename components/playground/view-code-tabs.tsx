"use client";

import { useId, useRef, type KeyboardEvent } from "react";

/**
 * A WAI-ARIA tab list with automatic activation: the arrow keys, Home and End move between tabs and
 * show each at once; only the selected tab is in the Tab order.
 */
export function ViewCodeTabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  /** The selected tab's panel. */
  children: React.ReactNode;
}) {
  const base = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    tabs.findIndex((tab) => tab.id === selected),
  );

  const move = (event: KeyboardEvent) => {
    const last = tabs.length - 1;
    const to =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index + last) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    const next = to === null ? undefined : tabs[to];
    if (to === null || !next) return;
    event.preventDefault();
    onSelect(next.id);
    buttons.current[to]?.focus();
  };

  return (
    <div className="flex min-h-0 flex-col gap-2">
      <div
        role="tablist"
        aria-label={label}
        className="flex gap-1 border-b border-zinc-200 dark:border-zinc-700"
      >
        {tabs.map((tab, i) => {
          const active = i === index;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                buttons.current[i] = element;
              }}
              id={`${base}-tab-${tab.id}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`${base}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={move}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${
                active
                  ? "border-emerald-700 text-zinc-900 dark:border-emerald-500 dark:text-zinc-100"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div
        id={`${base}-panel`}
        role="tabpanel"
        aria-labelledby={`${base}-tab-${tabs[index]?.id ?? ""}`}
        className="min-h-0"
      >
        {children}
      </div>
    </div>
  );
}
