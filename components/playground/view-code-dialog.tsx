"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { playgroundSettings, type PlaygroundSettings } from "@/lib/playground/schemas";
import { viewCode } from "@/lib/playground/view-code";
import { copyText } from "@/components/chat/markdown/copy-text";
import { Button } from "@/components/ui/button";
import { ViewCodeTabs } from "./view-code-tabs";

const LANGUAGES = [
  { id: "curl", label: "curl" },
  { id: "node", label: "Node" },
  { id: "python", label: "Python" },
] as const;

type Language = (typeof LANGUAGES)[number]["id"];

type Code = { ok: true; code: Record<Language, string> } | { ok: false; message: string };

/** The snippets for the set-up, or why there are none (the form holds something the API would refuse). */
function codeFor(settings: PlaygroundSettings, origin: string): Code {
  const parsed = playgroundSettings.safeParse(settings);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? "The set-up is not valid yet." };
  }
  return { ok: true, code: viewCode(parsed.data, origin) };
}

/**
 * "View code": the exact request for the current set-up (its first model) against this instance's
 * own API, as curl, Node and Python, with the key left to the environment. The snippets are made when
 * the dialog opens and follow the set-up while it stays open.
 */
export function ViewCodeDialog({ settings }: { settings: PlaygroundSettings }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [origin, setOrigin] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language>("curl");
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (origin !== null && !dialog.open) dialog.showModal();
    if (origin === null && dialog.open) dialog.close();
  }, [origin]);

  const close = () => {
    setOrigin(null);
    setCopied(null);
  };
  const result = origin === null ? null : codeFor(settings, origin);
  const snippet = result?.ok ? result.code[language] : "";

  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOrigin(window.location.origin)}>
        View code
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        onCancel={(event) => {
          event.preventDefault();
          close();
        }}
        className="m-auto max-h-[calc(100%-2rem)] w-[min(52rem,calc(100%-2rem))] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {/* The flex box is inside: display:flex on the <dialog> itself would show it while closed. */}
        <div className="flex flex-col gap-3">
          <div className="flex items-center justify-between gap-2">
            <h2 id={titleId} className="text-base font-semibold">
              View code
            </h2>
            <Button type="button" variant="ghost" className="px-2 py-1" onClick={close}>
              Close
            </Button>
          </div>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            The request for {settings.models[0] ? <code>{settings.models[0]}</code> : "the first model"} with
            these settings, sent to this instance&apos;s API. The key is a placeholder: the code reads it from{" "}
            <code>FLYWHEEL_API_KEY</code>. Create a key in{" "}
            <Link href="/settings#section-api-keys" className="underline">
              Settings → API keys
            </Link>
            .
          </p>
          {result && !result.ok ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              No code yet: {result.message}
            </p>
          ) : (
            <ViewCodeTabs
              label="Language"
              tabs={LANGUAGES}
              selected={language}
              onSelect={(next) => {
                setLanguage(next);
                setCopied(null);
              }}
            >
              <pre className="max-h-[55vh] overflow-auto rounded-md bg-zinc-100 p-3 text-xs leading-relaxed dark:bg-zinc-950">
                <code>{snippet}</code>
              </pre>
            </ViewCodeTabs>
          )}
          <div className="flex items-center justify-end gap-3">
            <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              {copied === "copied"
                ? "Copied."
                : copied === "failed"
                  ? "Could not copy: select the code instead."
                  : ""}
            </span>
            <Button
              type="button"
              disabled={!result?.ok}
              onClick={() => {
                void copyText(snippet).then((ok) => setCopied(ok ? "copied" : "failed"));
              }}
            >
              Copy
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
