"use client";

import { useRef, useState, useSyncExternalStore } from "react";
import { canSaveToDisk, memorySink, openFileSink, type SaveSink } from "./save-target";

type State =
  | { phase: "idle" }
  | { phase: "running"; bytes: number; lines: number }
  | { phase: "done"; name: string; bytes: number; lines: number }
  | { phase: "cancelled" }
  | { phase: "failed"; message: string };

const NEWLINE = 10;
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function countNewlines(chunk: Uint8Array): number {
  let count = 0;
  // indexOf is native: far faster than a byte loop over gigabytes of long JSON lines.
  for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) count += 1;
  return count;
}

// Whether the browser can stream into a file never changes: nothing to subscribe to. The server does not
// know (null), so the hint below appears only once the page runs in the browser.
const subscribeToNothing = () => () => {};
const unknownOnServer = () => null;

/**
 * Downloads the export with a visible progress (lines and megabytes received so far). Where the browser
 * offers a save picker, the bytes stream straight into the chosen file, so memory stays flat whatever
 * the size; elsewhere the file is assembled in memory, and the plain link beside it is the way for
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
  const toDisk = useSyncExternalStore<boolean | null>(subscribeToNothing, canSaveToDisk, unknownOnServer);

  async function download() {
    let sink: SaveSink | null;
    try {
      // No await before this line: the save picker needs the click's user activation.
      sink = canSaveToDisk() ? await openFileSink(fileName) : memorySink(fileName);
    } catch (error) {
      setState({
        phase: "failed",
        message: error instanceof Error ? error.message : "Could not open the file.",
      });
      return;
    }
    if (!sink) return; // The picker was dismissed: nothing started, nothing to say.

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
      let bytes = 0;
      let lines = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Awaiting the write holds the next read back: a slow disk slows the download, never fills memory.
        await sink.write(value);
        bytes += value.length;
        lines += countNewlines(value);
        if (performance.now() - shown > 150) {
          shown = performance.now();
          setState({ phase: "running", bytes, lines });
        }
      }
      await sink.close();
      setState({ phase: "done", name: sink.name, bytes, lines });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      // A failed write must stop the export on the server as well.
      controller.abort();
      // Aborting a file whose stream already failed rejects again; there is nothing more to undo then.
      await sink.abort().catch(() => {});
      setState(
        cancelled
          ? { phase: "cancelled" }
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
      {toDisk === false && (
        <p className="basis-full text-zinc-600 dark:text-zinc-400">
          This browser holds the whole file in memory before saving it: for very large exports, use the direct
          link.
        </p>
      )}
      <p role="status" aria-live="polite" className="basis-full">
        {state.phase === "running"
          ? `Downloading… ${progress(state.bytes, state.lines)}`
          : state.phase === "done"
            ? `Saved ${state.name}: ${progress(state.bytes, state.lines)}.`
            : state.phase === "cancelled"
              ? "Download cancelled: nothing was saved."
              : state.phase === "failed"
                ? state.message
                : null}
      </p>
    </div>
  );
}
