"use client";

import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import { IconButton } from "@/components/ui/icon-button";
import { SendIcon, StopIcon } from "@/components/ui/icons";
import { preloadMarkdown } from "./markdown/lazy-markdown";
import { TokenMeter } from "./token-meter";
import { useTokenCount, type TokenContext } from "./use-token-count";

export type ComposerHandle = { focus: () => void; setText: (text: string) => void };

/** The message box: grows with its text, Enter sends, Shift+Enter adds a line, Stop while streaming. */
export const Composer = forwardRef<
  ComposerHandle,
  {
    busy: boolean;
    maxChars: number;
    onSend: (text: string) => boolean | void;
    onStop: () => void;
    placeholder?: string;
    /** What the next turn sends besides the draft, and the model's window, for the token count. */
    tokenContext: TokenContext;
    contextWindow: number;
  }
>(function Composer({ busy, maxChars, onSend, onStop, placeholder, tokenContext, contextWindow }, ref) {
  const [text, setText] = useState("");
  const tokens = useTokenCount(tokenContext, text);
  const area = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus(), setText }), []);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const length = text.length;
  const tooLong = length > maxChars;
  const empty = text.trim().length === 0;
  const showCount = length > maxChars * 0.8;

  const send = () => {
    if (busy || empty || tooLong) return;
    if (onSend(text) !== false) setText("");
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      className="rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <textarea
        ref={area}
        aria-label="Message"
        rows={1}
        value={text}
        placeholder={placeholder ?? "Message Flywheel"}
        onChange={(e) => {
          if (!text) preloadMarkdown();
          setText(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        aria-invalid={tooLong || undefined}
        aria-describedby={
          [showCount ? "composer-count" : "", tokens ? "composer-tokens" : ""].join(" ").trim() || undefined
        }
        className="max-h-60 w-full resize-none bg-transparent px-2 py-1.5 text-base outline-none placeholder:text-zinc-400"
      />
      <div className="flex items-center justify-between gap-2 px-1">
        <span className="flex min-w-0 flex-col">
          {tokens ? <TokenMeter id="composer-tokens" count={tokens} contextWindow={contextWindow} /> : null}
          <span
            id="composer-count"
            aria-live="polite"
            className={`text-xs tabular-nums ${tooLong ? "text-red-700 dark:text-red-400" : "text-zinc-500"}`}
          >
            {showCount
              ? `${length.toLocaleString("en-US")} / ${maxChars.toLocaleString("en-US")}${tooLong ? " — too long to send" : ""}`
              : ""}
          </span>
        </span>
        {busy ? (
          <IconButton label="Stop generating" tone="solid" onClick={onStop}>
            <StopIcon />
          </IconButton>
        ) : (
          <IconButton label="Send message" tone="solid" type="submit" disabled={empty || tooLong}>
            <SendIcon />
          </IconButton>
        )}
      </div>
    </form>
  );
});
