"use client";

import { IconButton } from "@/components/ui/icon-button";

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
  return (
    <span className="inline-flex items-center gap-0.5 text-xs text-zinc-500 tabular-nums">
      <IconButton
        label="Previous version"
        size="xs"
        disabled={disabled || index === 0}
        onClick={() => onSelect(index - 1)}
      >
        ‹
      </IconButton>
      <span aria-label={`Version ${index + 1} of ${count}`}>
        {index + 1} / {count}
      </span>
      <IconButton
        label="Next version"
        size="xs"
        disabled={disabled || index === count - 1}
        onClick={() => onSelect(index + 1)}
      >
        ›
      </IconButton>
    </span>
  );
}
