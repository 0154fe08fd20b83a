"use client";

/** ‹ 2 / 3 › between the versions (siblings) of a message. */
export function VersionNav({
  index,
  count,
  onSelect,
  disabled,
}: {
  index: number;
  count: number;
  onSelect: (index: number) => void;
  disabled?: boolean;
}) {
  if (count < 2) return null;
  const button =
    "rounded p-1 text-zinc-500 hover:bg-zinc-100 disabled:opacity-40 disabled:hover:bg-transparent dark:hover:bg-zinc-800";
  return (
    <span className="inline-flex items-center gap-0.5 text-xs text-zinc-500 tabular-nums">
      <button
        type="button"
        aria-label="Previous version"
        disabled={disabled || index === 0}
        onClick={() => onSelect(index - 1)}
        className={button}
      >
        ‹
      </button>
      <span aria-label={`Version ${index + 1} of ${count}`}>
        {index + 1} / {count}
      </span>
      <button
        type="button"
        aria-label="Next version"
        disabled={disabled || index === count - 1}
        onClick={() => onSelect(index + 1)}
        className={button}
      >
        ›
      </button>
    </span>
  );
}
