// Local token counting with gpt-tokenizer, for answers whose provider reported no usage and for the
// composer's live count (in a Web Worker, components/chat/token-count.worker.ts). No "server-only":
// the worker imports it too. The encodings' tables are megabytes, so they are imported on first use.
//
// OpenAI's own models are counted with their encoding (o200k_base for GPT-4o, 4.1, 4.5, 5 and the
// o-series; cl100k_base for GPT-4 and 3.5). Every other model (Anthropic, Llama, Mistral… and the
// offline demo) is counted with cl100k_base: an approximation, typically within 10–20% of the
// model's own tokenizer for English text, which is why such counts are marked "estimated".

export type Encoding = "o200k_base" | "cl100k_base";

/** Counts the tokens of a text; special-token markers in it count as ordinary text. */
export type CountTokens = (text: string) => number;

export type ContextMessage = { role: "user" | "assistant"; text: string };

const O200K = /^(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o\d)/;

/** The encoding to count a model's tokens with (the model id without any provider prefix). */
export function encodingFor(modelId: string): Encoding {
  const bare = modelId.slice(modelId.lastIndexOf("/") + 1).toLowerCase();
  return O200K.test(bare) ? "o200k_base" : "cl100k_base";
}

/**
 * Chat framing, as OpenAI counts it: each message costs 3 tokens beyond its text (role and
 * separators) and every answer is primed with 3 more.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_TO_PRIME_ANSWER = 3;

// Literal imports, one per encoding, so that bundlers split each table into a chunk of its own.
async function importEncoding(encoding: Encoding) {
  return encoding === "o200k_base"
    ? import("gpt-tokenizer/encoding/o200k_base")
    : import("gpt-tokenizer/encoding/cl100k_base");
}

const loaded = new Map<Encoding, Promise<CountTokens>>();

/** The counter for an encoding, loading its table the first time it is asked for. */
export function loadCounter(encoding: Encoding): Promise<CountTokens> {
  let counter = loaded.get(encoding);
  if (!counter) {
    const options = { disallowedSpecial: new Set<string>() };
    counter = importEncoding(encoding).then(
      (module) => (text: string) => (text.length === 0 ? 0 : module.countTokens(text, options)),
    );
    // A failed import is not remembered: the next call tries again.
    counter.catch(() => loaded.delete(encoding));
    loaded.set(encoding, counter);
  }
  return counter;
}

/** The tokens a request sends: the system prompt and messages with their framing. */
export function countContext(
  count: CountTokens,
  system: string,
  messages: readonly ContextMessage[],
): number {
  let total = TOKENS_TO_PRIME_ANSWER;
  if (system) total += TOKENS_PER_MESSAGE + count(system);
  for (const message of messages) total += TOKENS_PER_MESSAGE + count(message.text);
  return total;
}
