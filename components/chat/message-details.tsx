"use client";

import { useState } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import { IconButton } from "@/components/ui/icon-button";
import { InfoIcon } from "@/components/ui/icons";
import { formatCost, formatTokens } from "@/lib/usage/format-usage";

function ms(value: number | null): string {
  if (value === null) return "—";
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** Tokens, cost and timings of an answer, in a small popover. */
export function MessageDetails({ message }: { message: ChatMessage }) {
  const [open, setOpen] = useState(false);
  // "~" before counts made locally, explained under the table.
  const approx = message.tokensEstimated ? "~" : "";
  const tokens = (value: number | null) => (value === null ? "—" : `${approx}${formatTokens(value)}`);
  const rows: [string, string][] = [
    ["Tokens in", tokens(message.inputTokens)],
    ["Cached", tokens(message.inputTokens === null ? null : (message.cachedInputTokens ?? 0))],
    ["Tokens out", tokens(message.outputTokens)],
    ["Cost", formatCost(message.costUsd)],
    ["Time to first token", ms(message.timeToFirstTokenMs)],
    ["Duration", ms(message.durationMs)],
  ];
  return (
    <span className="relative">
      <IconButton
        label="Details"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        onBlur={() => setOpen(false)}
      >
        <InfoIcon />
      </IconButton>
      {open ? (
        <span
          role="dialog"
          aria-label="Answer details"
          className="absolute bottom-9 left-0 z-20 w-60 rounded-lg border border-zinc-200 bg-white p-3 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <dl className="grid grid-cols-2 gap-x-2 gap-y-1">
            {rows.map(([label, value]) => (
              <span key={label} className="contents">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="text-right tabular-nums">{value}</dd>
              </span>
            ))}
          </dl>
          {message.tokensEstimated ? (
            <span className="mt-2 block text-zinc-500">
              ~ Estimated: the provider reported no token counts, so they were counted here.
            </span>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
