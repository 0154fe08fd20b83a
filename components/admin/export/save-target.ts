// Where the Download button puts the bytes it receives: straight into a file the user picked (File System
// Access API, Chromium-based browsers), or, where that API is missing, in memory until the file is complete.

/** A destination the download writes to chunk by chunk, then completes or throws away. */
export interface SaveSink {
  /** The file's name as saved (the user may rename it in the picker). */
  name: string;
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Completes the file: commits it to disk, or hands the assembled file to the browser's downloads. */
  close(): Promise<void>;
  /** Throws away what was written, so no partial file is left looking complete. */
  abort(): Promise<void>;
}

// The save picker is not in TypeScript's DOM lib (only Chromium ships it): the part used here.
interface SaveFilePickerOptions {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}
type WindowWithSavePicker = Window & {
  showSaveFilePicker?: (options: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;
};

function fileType(fileName: string) {
  return fileName.endsWith(".zip")
    ? { description: "ZIP archive", mime: "application/zip", extension: ".zip" }
    : { description: "JSON Lines", mime: "application/x-ndjson", extension: ".jsonl" };
}

/** Whether this browser can stream a download into a file of the user's choosing. */
export function canSaveToDisk(): boolean {
  return typeof (window as WindowWithSavePicker).showSaveFilePicker === "function";
}

/**
 * Asks where to save, then opens the chosen file for writing; null when the user dismisses the picker.
 * Call it from the click handler before awaiting anything else: the picker needs the click's user
 * activation, and this function opens it synchronously, before its own first await.
 */
export async function openFileSink(fileName: string): Promise<SaveSink | null> {
  const picker = (window as WindowWithSavePicker).showSaveFilePicker;
  if (!picker) throw new Error("This browser cannot save a download into a file of your choosing.");
  const type = fileType(fileName);
  let handle: FileSystemFileHandle;
  try {
    handle = await picker.call(window, {
      suggestedName: fileName,
      types: [{ description: type.description, accept: { [type.mime]: [type.extension] } }],
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return null;
    throw error;
  }
  // Writes go to a temporary file that replaces the chosen one only on close(); abort() discards it.
  const writable = await handle.createWritable();
  return {
    name: handle.name,
    write: (chunk) => writable.write(chunk),
    close: () => writable.close(),
    abort: () => writable.abort(),
  };
}

/** Holds the whole file in memory, then saves it through a link: for browsers without the picker. */
export function memorySink(fileName: string): SaveSink {
  let parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    name: fileName,
    write: (chunk) => {
      parts.push(chunk);
      return Promise.resolve();
    },
    close: () => {
      const url = URL.createObjectURL(new Blob(parts, { type: fileType(fileName).mime }));
      parts = [];
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser reads the blob after the click returns; revoking it at once could cut the save short.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return Promise.resolve();
    },
    abort: () => {
      parts = [];
      return Promise.resolve();
    },
  };
}
