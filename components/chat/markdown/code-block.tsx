"use client";

import { useEffect, useRef, useState } from "react";
import { copyText } from "./copy-text";
import { grammarFor, highlight, MAX_HIGHLIGHT_CHARS } from "./highlight";
import "./highlight.css";

/** While a fence is still streaming in, highlight at most this often. */
const HIGHLIGHT_INTERVAL_MS = 300;
const COPIED_MS = 2000;

type Highlighted = { grammar: string; code: string; html: string };
type CopyState = { status: "idle" | "copied" | "failed"; at: number };

/**
 * A fenced code block: a header with the language and a "Copy code" button, and the code in a
 * horizontally scrolling monospace block. The code shows at once as plain text; colours arrive after
 * highlight.js and the language's grammar have been lazily loaded. While `live` (the fence is still
 * streaming), highlighting runs at most every 300 ms and the not-yet-highlighted tail is shown plain.
 */
export function CodeBlock({
  code,
  language,
  live = false,
  onCopy,
}: {
  code: string;
  language: string | null;
  live?: boolean;
  onCopy?: (language: string | null) => void;
}) {
  const grammar = grammarFor(language);
  const [highlighted, setHighlighted] = useState<Highlighted | null>(null);
  const [copy, setCopy] = useState<CopyState>({ status: "idle", at: 0 });
  const lastRun = useRef(0);
  const requested = useRef(0);
  const applied = useRef(0);

  useEffect(() => {
    if (!grammar || code.length > MAX_HIGHLIGHT_CHARS) return;
    const run = () => {
      lastRun.current = Date.now();
      const id = ++requested.current;
      highlight(code, grammar).then(
        (html) => {
          // Results can arrive out of order while a grammar loads; never replace a newer one.
          if (html === null || id < applied.current) return;
          applied.current = id;
          setHighlighted({ grammar, code, html });
        },
        () => {
          // The grammar failed to load: the block stays plain, which is still fully readable.
        },
      );
    };
    const wait = live ? Math.max(0, lastRun.current + HIGHLIGHT_INTERVAL_MS - Date.now()) : 0;
    if (wait === 0) {
      run();
      return;
    }
    const timer = setTimeout(run, wait);
    return () => clearTimeout(timer);
  }, [code, grammar, live]);

  useEffect(() => {
    if (copy.status === "idle") return;
    const timer = setTimeout(() => setCopy({ status: "idle", at: 0 }), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  // Use the highlighted HTML while it still describes the code's beginning; show the rest plain.
  const shown =
    highlighted && highlighted.grammar === grammar && code.startsWith(highlighted.code) ? highlighted : null;
  const label = language ? language.toLowerCase() : "text";

  return (
    <div
      data-language={label}
      className="my-4 min-w-0 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-100 py-1 pr-1 pl-3 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-800/60 dark:text-zinc-300">
        <span className="truncate font-mono">{label}</span>
        <button
          type="button"
          aria-label="Copy code"
          onClick={() => {
            void copyText(code).then((ok) => {
              setCopy({ status: ok ? "copied" : "failed", at: Date.now() });
              if (ok) onCopy?.(language);
            });
          }}
          className="inline-flex shrink-0 items-center gap-1 rounded px-2 py-1 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
        >
          {copy.status === "copied" ? <CheckIcon /> : <CopyIcon />}
          <span>
            {copy.status === "copied" ? "Copied" : copy.status === "failed" ? "Copy failed" : "Copy code"}
          </span>
        </button>
        <span role="status" className="sr-only">
          {copy.status === "copied" ? "Copied" : copy.status === "failed" ? "Copy failed" : ""}
        </span>
      </div>
      <pre
        tabIndex={0}
        className="md-code overflow-x-auto p-4 font-mono text-[13px] leading-relaxed text-zinc-800 dark:text-zinc-200"
      >
        <code className={grammar ? `language-${grammar}` : undefined}>
          {shown ? (
            <>
              {/* highlight.js escapes the code it is given: this is only its own <span> markup. */}
              <span dangerouslySetInnerHTML={{ __html: shown.html }} />
              {code.slice(shown.code.length)}
            </>
          ) : (
            code
          )}
        </code>
      </pre>
    </div>
  );
}

function CopyIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor">
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 5.5V4A1.5 1.5 0 0 0 9 2.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor">
      <path d="M3 8.5l3 3 7-7" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
