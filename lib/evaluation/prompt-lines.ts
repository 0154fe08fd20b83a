// The prompt of one line of an exported dataset, for every export format (lib/export/formats): what
// both models are asked again in a held-out replay. Pure, so each format's rule is unit-testable.
import type { FormatId } from "../export/types";

export type PromptMessage = { role: "system" | "user" | "assistant"; content: string };
export type ValidationPrompt = { messages: PromptMessage[] };

const SHAREGPT_ROLES: Record<string, PromptMessage["role"]> = {
  system: "system",
  human: "user",
  gpt: "assistant",
};

function text(content: unknown): string | null {
  if (typeof content === "string") return content;
  // OpenAI's text parts: [{ type: "text", text }].
  if (Array.isArray(content)) {
    const parts = content.map((part) =>
      typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
        ? (part as { text: string }).text
        : null,
    );
    return parts.every((part) => part !== null) ? parts.join("") : null;
  }
  return null;
}

/** Chat messages as { role, content }; null when any is not a text message of a known role. */
function messagesOf(value: unknown): PromptMessage[] | null {
  if (!Array.isArray(value)) return null;
  const messages: PromptMessage[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) return null;
    const { role, content } = item as { role?: unknown; content?: unknown };
    const body = text(content);
    if (role !== "system" && role !== "user" && role !== "assistant") return null;
    if (body === null) return null;
    messages.push({ role, content: body });
  }
  return messages;
}

function sharegptMessages(value: unknown): PromptMessage[] | null {
  if (!Array.isArray(value)) return null;
  const messages: PromptMessage[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) return null;
    const { from, value: body } = item as { from?: unknown; value?: unknown };
    const role = typeof from === "string" ? SHAREGPT_ROLES[from] : undefined;
    if (!role || typeof body !== "string") return null;
    messages.push({ role, content: body });
  }
  return messages;
}

/** The messages before the last assistant message: the question that answer was given to. */
function beforeLastAnswer(messages: PromptMessage[] | null): PromptMessage[] | null {
  if (!messages) return null;
  const last = messages.map((m) => m.role).lastIndexOf("assistant");
  return last === -1 ? messages : messages.slice(0, last);
}

/**
 * The prompt of one parsed line: SFT, the messages up to its last assistant message; DPO, the input
 * messages; TRL formats, the prompt; ShareGPT, the turns before the last "gpt" turn; raw, the history
 * before the rated (or compared) answer. Null when the line has none, or it does not end with a
 * user message (there is nothing to answer).
 */
export function promptOfLine(format: FormatId, line: unknown): ValidationPrompt | null {
  if (typeof line !== "object" || line === null) return null;
  const row = line as Record<string, unknown>;
  let messages: PromptMessage[] | null;
  switch (format) {
    case "openai-sft":
      messages = beforeLastAnswer(messagesOf(row.messages));
      break;
    case "openai-dpo":
      messages = messagesOf((row.input as { messages?: unknown } | undefined)?.messages);
      break;
    case "trl-sft":
    case "trl-preference":
    case "trl-kto":
      messages = messagesOf(row.prompt);
      break;
    case "sharegpt":
      messages = beforeLastAnswer(sharegptMessages(row.conversations));
      break;
    case "raw":
      messages = messagesOf(row.history);
      break;
  }
  if (!messages || messages.length === 0 || messages.at(-1)!.role !== "user") return null;
  if (messages.some((m, i) => m.role === "system" && i > 0)) return null;
  return { messages };
}

/**
 * The prompts of a validation file's text, in file order, deduplicated (the same question asked
 * twice is one item), at most `cap`. Lines that are not JSON or hold no prompt are skipped.
 */
export function promptsOfFile(format: FormatId, content: string, cap: number): ValidationPrompt[] {
  const seen = new Set<string>();
  const prompts: ValidationPrompt[] = [];
  for (const raw of content.split("\n")) {
    if (prompts.length >= cap) break;
    if (!raw.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      continue;
    }
    const prompt = promptOfLine(format, parsed);
    if (!prompt) continue;
    const key = JSON.stringify(prompt.messages);
    if (seen.has(key)) continue;
    seen.add(key);
    prompts.push(prompt);
  }
  return prompts;
}
