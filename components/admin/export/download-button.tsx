"use client";

import { useRef, useState } from "react";

type State =
  | { phase: "idle" }
  | { phase: "running"; bytes: number; lines: number }
  | { phase: "done"; bytes: number; lines: number }
  | { phase: "failed"; message: string };

const NEWLINE = 10;
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * Downloads the export with a visible progress (lines and megabytes received so far), then saves it
 * under its name. The file is assembled in the browser, so the plain link beside it is the way for
 * exports of several gigabytes. Cancelling stops the export on the server too.
 */
export function DownloadButton({
  href,
  fileName,
  expectedLines,
}: {
  href: string;
  fileName: string;
  /** The line count when the preview knows it exactly (no split, all conversations read). */
  expectedLines: number | null;
}) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function download() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "running", bytes: 0, lines: 0 });
    try {
      const response = await fetch(href, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The export failed (HTTP ${response.status}).`);
      }
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let lines = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.length;
        for (const byte of value) if (byte === NEWLINE) lines += 1;
        if (performance.now() - shown > 150) {
          shown = performance.now();
          setState({ phase: "running", bytes, lines });
        }
      }
      const url = URL.createObjectURL(
        new Blob(parts, { type: response.headers.get("content-type") ?? "application/octet-stream" }),
      );
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ phase: "done", bytes, lines });
    } catch (error) {
      setState(
        controller.signal.aborted
          ? { phase: "idle" }
          : { phase: "failed", message: error instanceof Error ? error.message : "The export failed." },
      );
    } finally {
      abort.current = null;
    }
  }

  const zip = fileName.endsWith(".zip");
  const progress = (bytes: number, lines: number) =>
    zip
      ? megabytes(bytes)
      : `${lines.toLocaleString("en")}${expectedLines !== null ? ` of ${expectedLines.toLocaleString("en")}` : ""} lines (${megabytes(bytes)})`;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
      {state.phase === "running" ? (
        <button
          type="button"
          onClick={() => abort.current?.abort()}
          className="rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700"
        >
          Cancel download
        </button>
      ) : (
        <button
          type="button"
          onClick={() => void download()}
          className="rounded-md bg-zinc-900 px-3 py-2 text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Download
        </button>
      )}
      <a href={href} download={fileName} className="text-zinc-600 underline dark:text-zinc-400">
        Direct link to {fileName}
      </a>
      <p role="status" aria-live="polite" className="basis-full">
        {state.phase === "running"
          ? `Downloading… ${progress(state.bytes, state.lines)}`
          : state.phase === "done"
            ? `Saved ${fileName}: ${progress(state.bytes, state.lines)}.`
            : state.phase === "failed"
              ? state.message
              : null}
      </p>
    </div>
  );
}
