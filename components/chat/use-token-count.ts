"use client";

import { useEffect, useRef, useState } from "react";
// Types only: the tokenizer module is the worker's, never part of the page's JavaScript.
import type { ContextMessage } from "@/lib/usage/token-count";
import type { TokenCounterClient } from "./token-count-client";

/** What the next turn would send, in tokens: the context (system prompt and branch) and the draft. */
export type TokenCount = { context: number; draft: number };

export type TokenContext = { modelId: string; system: string; messages: readonly ContextMessage[] };

// Counting waits for a pause in typing: one count per burst of keys, not one per key.
const DEBOUNCE_MS = 150;

/** A test-only switch (localStorage) for the composer benchmark's baseline: the page without counter. */
export const COUNTER_OFF_KEY = "flywheel.tokenCounter";

function counterDisabled(): boolean {
  try {
    return window.localStorage.getItem(COUNTER_OFF_KEY) === "off";
  } catch {
    return false;
  }
}

/** Changes when the context's content does, without comparing its texts. */
function contextKey(context: TokenContext): string {
  return [
    context.modelId,
    context.system.length,
    ...context.messages.map((m) => `${m.role}${m.text.length}`),
  ].join("|");
}

/**
 * Counts, in a Web Worker, the tokens the next turn would send. The worker (and the tokenizer it
 * loads) is created the first time there is a draft, so a page that is only read never loads it and
 * the new-chat page's first-load JavaScript is unchanged. Null until the first count arrives.
 */
export function useTokenCount(context: TokenContext, draft: string): TokenCount | null {
  const [count, setCount] = useState<TokenCount | null>(null);
  const worker = useRef<Promise<TokenCounterClient> | null>(null);
  const sentContext = useRef<string | null>(null);
  const lastId = useRef(0);
  const key = contextKey(context);

  useEffect(() => () => void worker.current?.then((client) => client.terminate()), []);

  useEffect(() => {
    if (!worker.current && (draft.length === 0 || counterDisabled())) return;
    const timer = setTimeout(() => {
      worker.current ??= import("./token-count-client").then(({ startTokenCounter }) =>
        startTokenCounter((reply) => {
          if (reply.id === lastId.current) setCount({ context: reply.context, draft: reply.draft });
        }),
      );
      const id = ++lastId.current;
      const send =
        sentContext.current === key
          ? null
          : { modelId: context.modelId, system: context.system, messages: [...context.messages] };
      sentContext.current = key;
      void worker.current.then((client) => {
        if (send) client.post({ kind: "context", ...send });
        client.post({ kind: "draft", id, text: draft });
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `context` changes identity with every streamed word; only `key` decides whether it is re-sent.
  }, [key, context, draft]);

  return count;
}
