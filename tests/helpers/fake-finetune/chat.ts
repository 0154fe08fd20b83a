// Chat Completions (streamed and not, OpenAI's wire format) for the fake OpenAI fine-tuning service, so
// the end-to-end test can chat with the model a fake job "trained". The answers differ in a known way:
// - a base model answers `Base answer to: <question>`;
// - a fine-tuned model (`ft:<base>:flywheel:<suffix>:<id>`) answers `Tuned: Base answer to: <question>`;
// - the judge model (default "fake-judge") prefers whichever of the two answers in its prompt is
//   the tuned one and answers `judgeTemplate` with {winner} replaced by that answer's label, except
//   on a question marked as a close call (CLOSE_CALL), where it shows position bias and always picks
//   "A": asked in both orders, that is a disagreement, which Flywheel counts as a tie.
// tests/helpers/fake-openai.ts keeps its handler private to its own server, so it cannot be mounted
// here; this is the smaller subset the fine-tuning loop needs.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson, type RecordedRequest } from "./server";

export const TUNED_PREFIX = "Tuned: ";
/** A question carrying this marker is one the judge cannot decide: it picks the first answer shown. */
export const CLOSE_CALL = "(close call)";

export type ChatOptions = {
  judgeModel: string;
  /** What the judge answers; "{winner}" becomes "A", "B" or "tie". */
  judgeTemplate: string;
};

export const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  judgeModel: "fake-judge",
  // The last line Flywheel's judge rubric asks for (lib/evaluation/rubric.ts).
  judgeTemplate: "Verdict: {winner}",
};

type ChatMessage = { role?: string; content?: string | { type?: string; text?: string }[] };
type ChatBody = {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: ChatMessage[];
};

const textOf = (message: ChatMessage | undefined) =>
  typeof message?.content === "string"
    ? message.content
    : (message?.content ?? []).map((part) => part.text ?? "").join("");

export function baseAnswer(question: string): string {
  return `Base answer to: ${question.trim().slice(0, 200)}`;
}

/**
 * The label ("A"/"B") of the answer carrying the tuned prefix: the last "A"/"B" label (as in
 * "Answer A", "Response B", "[A]", "A:", "<response_a>") written before the first "Tuned:" in the prompt.
 */
export function judgeWinner(prompt: string): "A" | "B" | "tie" {
  const at = prompt.indexOf(TUNED_PREFIX.trim());
  if (at < 0) return "tie";
  const before = prompt.slice(0, at);
  const labels = [
    ...before.matchAll(
      /(?:answer|response|assistant|model)\s*\(?([AB])\b|\[([AB])\]|^\s*([AB])\s*[:)]|<response_([AB])>/gim,
    ),
  ];
  const last = labels[labels.length - 1];
  const label = last ? (last[1] ?? last[2] ?? last[3] ?? last[4])?.toUpperCase() : undefined;
  return label === "A" || label === "B" ? label : "tie";
}

export function answerFor(body: ChatBody, options: ChatOptions): string {
  const messages = body.messages ?? [];
  const model = body.model ?? "";
  if (model === options.judgeModel) {
    const prompt = messages.map(textOf).join("\n");
    const winner = prompt.includes(CLOSE_CALL) ? "A" : judgeWinner(prompt);
    return options.judgeTemplate.replaceAll("{winner}", winner);
  }
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const answer = baseAnswer(textOf(lastUser));
  return model.startsWith("ft:") ? `${TUNED_PREFIX}${answer}` : answer;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function handleChat(
  request: RecordedRequest,
  response: ServerResponse,
  options: ChatOptions,
  knownModel: (model: string) => boolean,
): void {
  const body = (request.json ?? {}) as ChatBody;
  if (!Array.isArray(body.messages)) {
    sendJson(response, 400, {
      error: {
        message: "messages is required.",
        type: "invalid_request_error",
        param: "messages",
        code: null,
      },
    });
    return;
  }
  const model = body.model ?? "";
  if (!knownModel(model)) {
    sendJson(response, 404, {
      error: {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      },
    });
    return;
  }
  const content = answerFor(body, options);
  const usage = {
    prompt_tokens: body.messages.reduce((sum, message) => sum + words(textOf(message)), 0),
    completion_tokens: words(content),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    sendJson(response, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage,
    });
    return;
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices,
      ...(withUsage ? { usage: null } : {}),
      ...extra,
    })}\n\n`;
  const choice = (delta: object, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.write(chunk([choice({ role: "assistant", content: "" })]));
  for (const piece of content.match(/\S+\s*/g) ?? []) response.write(chunk([choice({ content: piece })]));
  response.write(chunk([choice({}, "stop")]));
  if (withUsage) response.write(chunk([], { usage }));
  response.end("data: [DONE]\n\n");
}
