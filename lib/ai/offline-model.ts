import "server-only";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { OFFLINE_MODEL_ID } from "../env-schema";

// Flywheel's built-in "Offline demo" model: a deterministic, honest stand-in that streams a markdown
// answer built from the prompt, word by word at a visible pace, so that streaming, stop, regenerate,
// feedback and export can be tried on a machine with no provider. Same prompt + seed = same bytes.

const NOTE =
  "_This is Flywheel's offline demo model. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENAI_COMPATIBLE_BASE_URL to chat with a real model._";

const POINTS = [
  "Start from what you already know and name the one thing you want to find out.",
  "Break the question into smaller steps and check each one before moving on.",
  "Write down your assumptions: most surprises come from one of them.",
  "Try the simplest version first, then add detail where it matters.",
  "Compare two or three options side by side before choosing.",
  "Ask what would convince you that the answer is wrong.",
  "Keep a concrete example at hand: it makes abstract ideas easier to check.",
  "Time-box the exploration and come back to it with fresh eyes.",
];

/** FNV-1a: a tiny, stable hash, so answers are identical across runs and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// The prompt is user text inside our markdown: collapse it to one line (so it cannot start a heading,
// list or code block), cut it by code points (no half emoji), and escape what could open emphasis,
// code, links, HTML or math, or close the quotes around it.
function quote(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  const cut = chars.length > 200 ? `${chars.slice(0, 200).join("").trimEnd()}…` : line;
  return cut.replace(/[\\`*_[\]<>~|#!&$"]/g, "\\$&");
}

/** An identifier from the prompt's first word, e.g. "How do I…" → "how". */
function identifier(prompt: string): string {
  const first = prompt.trim().split(/\s+/)[0] ?? "";
  const word = first
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 24)
    .toLowerCase();
  if (!word) return "topic";
  return /^\d/.test(word) ? `n${word}` : word;
}

function code(word: string, h: number): string {
  const Word = `${word[0]!.toUpperCase()}${word.slice(1)}`;
  const n = 2 + (h % 7);
  const variants = [
    `export function ${word}Steps(goal: string): string[] {\n  const steps = ["define", "try", "check"];\n  return steps.slice(0, ${n % 3 || 3}).map((step) => \`\${step}: \${goal}\`);\n}`,
    `export function describe${Word}(attempts = ${n}): string {\n  return \`${word} needs \${attempts} small experiments\`;\n}`,
    `export async function retry${Word}<T>(task: () => Promise<T>, times = ${n}): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await task();\n    } catch (error) {\n      if (i >= times) throw error;\n    }\n  }\n}`,
  ];
  return variants[(h >>> 8) % variants.length]!;
}

/** The demo answer for a prompt and seed (exported for tests). */
export function offlineAnswer(prompt: string, seed = 0): string {
  const h = hash(`${prompt}\u0000${seed}`);
  const start = h % POINTS.length;
  // Steps of 3 through 8 items visit distinct items: 3 and 8 share no factor.
  const points = [0, 1, 2].map((i) => POINTS[(start + i * 3) % POINTS.length]!);
  const restated = quote(prompt);
  return [
    "### Offline demo answer",
    "",
    restated ? `You asked: "${restated}"` : "You sent an empty message.",
    "",
    "A few ways to approach it:",
    "",
    ...points.map((point) => `- ${point}`),
    "",
    "```ts",
    code(identifier(prompt), h),
    "```",
    "",
    NOTE,
  ].join("\n");
}

function textOf(content: LanguageModelV4Prompt[number]["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

function lastUserText(prompt: LanguageModelV4Prompt): string {
  const message = prompt.findLast((m) => m.role === "user");
  return message ? textOf(message.content) : "";
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function usage(input: number, output: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

// An abort behaves as it does for HTTP providers, whose fetch rejects with the signal's reason.
const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException("The operation was aborted.", "AbortError");

/**
 * The demo answer as the call's limits shape it, as a real model would: cut before the first stop
 * sequence (finish "stop"), then to `maxOutputTokens` words (finish "length"; a word is a token here).
 * Each piece is a word with the whitespace after it, so the pieces join back to the exact text.
 */
function shapedAnswer(options: LanguageModelV4CallOptions): { pieces: string[]; finish: "stop" | "length" } {
  let text = offlineAnswer(lastUserText(options.prompt), options.seed ?? 0);
  for (const stop of options.stopSequences ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  const pieces = text.match(/\S+\s*/g) ?? [];
  const max = options.maxOutputTokens;
  if (max !== undefined && pieces.length > max) return { pieces: pieces.slice(0, max), finish: "length" };
  return { pieces, finish: "stop" };
}

export type OfflineModelOptions = {
  /** Pause before each word; 0 streams as fast as the reader pulls. */
  wordDelayMs?: number;
};

export class OfflineModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "offline";
  readonly modelId = OFFLINE_MODEL_ID;
  readonly supportedUrls = {};
  private readonly wordDelayMs: number;

  constructor(options: OfflineModelOptions = {}) {
    this.wordDelayMs = Math.max(0, options.wordDelayMs ?? 40);
  }

  // Nothing here waits, but the interface returns promises and its callers expect an aborted call to
  // reject, not to throw: a Promise executor turns the throw into that rejection, as an async method would.
  doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    return new Promise((resolve) => resolve(this.generate(options)));
  }

  doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    return new Promise((resolve) => resolve(this.stream(options)));
  }

  private generate(options: LanguageModelV4CallOptions): LanguageModelV4GenerateResult {
    if (options.abortSignal?.aborted) throw abortReason(options.abortSignal);
    const { pieces, finish } = shapedAnswer(options);
    const inputTokens = options.prompt.reduce((sum, m) => sum + countWords(textOf(m.content)), 0);
    return {
      content: [{ type: "text", text: pieces.join("") }],
      finishReason: { unified: finish, raw: finish },
      usage: usage(inputTokens, pieces.length),
      warnings: [],
    };
  }

  private stream(options: LanguageModelV4CallOptions): LanguageModelV4StreamResult {
    const signal = options.abortSignal;
    if (signal?.aborted) throw abortReason(signal);
    const { pieces, finish } = shapedAnswer(options);
    const inputTokens = options.prompt.reduce((sum, m) => sum + countWords(textOf(m.content)), 0);
    const delay = this.wordDelayMs;
    let index = 0;
    let cancelled = false;
    let wake: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const sleep = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, delay);
      });
    const onAbort = () => {
      clearTimeout(timer);
      wake?.();
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    // Pull-based: a word is produced only when the reader wants one, so a cancelled or slow reader
    // leaves no timer running and nothing buffered.
    const stream = new ReadableStream<LanguageModelV4StreamPart>(
      {
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "response-metadata", modelId: OFFLINE_MODEL_ID, timestamp: new Date() });
          controller.enqueue({ type: "text-start", id: "text-0" });
        },
        async pull(controller) {
          if (index < pieces.length && delay > 0) await sleep();
          if (cancelled) return;
          if (signal?.aborted) {
            signal.removeEventListener("abort", onAbort);
            controller.error(abortReason(signal));
            return;
          }
          if (index < pieces.length) {
            controller.enqueue({ type: "text-delta", id: "text-0", delta: pieces[index++]! });
            return;
          }
          signal?.removeEventListener("abort", onAbort);
          controller.enqueue({ type: "text-end", id: "text-0" });
          controller.enqueue({
            type: "finish",
            usage: usage(inputTokens, index),
            finishReason: { unified: finish, raw: finish },
          });
          controller.close();
        },
        cancel() {
          cancelled = true;
          signal?.removeEventListener("abort", onAbort);
          onAbort();
        },
      },
      { highWaterMark: 0 },
    );
    return { stream };
  }
}

export function createOfflineModel(options: OfflineModelOptions = {}): OfflineModel {
  return new OfflineModel(options);
}
