// OpenAI supervised fine-tuning, chat form (also read by Together, Fireworks and TRL): one conversation
// per line, with `weight` on assistant turns so that only the rated (or corrected) answer — and earlier
// answers the user also rated up, once each — is trained; everything else is context.
import { checkKeys, checkText, fail, isObject, PASS, type Fail } from "./checks";
import { sftExamples } from "./training-examples";
import type { ChatTurn, ExportFormat, ExportItem, Validation } from "../types";

export type OpenAiSftMessage =
  { role: "system" | "user"; content: string } | { role: "assistant"; content: string; weight: 0 | 1 };
export type OpenAiSftRow = { messages: OpenAiSftMessage[] };

const ROLES = ["system", "user", "assistant", "tool"];
const MESSAGE_KEYS = ["content", "name", "weight", "tool_calls", "tool_call_id"];

// A frozen turn is shared by every line of its conversation (lib/export/items/branch-histories.ts) and
// never trained there (a trained turn is a fresh object): its message is built once and frozen too, so the
// serialiser writes it once (lib/export/lines/serialize.ts).
const messageForms = new WeakMap<ChatTurn, OpenAiSftMessage>();

function message(turn: ChatTurn): OpenAiSftMessage {
  const known = messageForms.get(turn);
  if (known) return known;
  const made: OpenAiSftMessage =
    turn.role === "assistant"
      ? { role: "assistant", content: turn.content, weight: turn.trainHere ? 1 : 0 }
      : { role: turn.role, content: turn.content };
  if (!Object.isFrozen(turn)) return made;
  messageForms.set(turn, Object.freeze(made));
  return made;
}

function rows(item: ExportItem): OpenAiSftRow[] {
  return sftExamples(item)
    .filter((example) => !example.trainedInLaterLine)
    .map((example) => ({
      messages: [...example.history.map(message), { role: "assistant", content: example.answer, weight: 1 }],
    }));
}

/** `content` is a string or a list of text parts; its text must not be blank. */
function checkContent(content: unknown, where: string, role: string): Fail | null {
  if (typeof content === "string") return checkText(content, where, role);
  if (!Array.isArray(content)) return fail("wrong_type", `${where} must be a string or a list of text parts`);
  let text = "";
  for (const [index, part] of content.entries()) {
    if (!isObject(part) || part.type !== "text" || typeof part.text !== "string") {
      return fail("wrong_type", `${where}[${index}] must be {"type":"text","text":string}`);
    }
    const keys = checkKeys(part, `${where}[${index}]`, ["type", "text"]);
    if (keys) return keys;
    text += part.text;
  }
  return checkText(text, where, role);
}

function checkToolCalls(calls: unknown, where: string): Fail | null {
  if (!Array.isArray(calls) || calls.length === 0)
    return fail("invalid_tool_call", `${where} must be a non-empty list`);
  for (const [index, call] of calls.entries()) {
    const at = `${where}[${index}]`;
    if (
      !isObject(call) ||
      typeof call.id !== "string" ||
      call.type !== "function" ||
      !isObject(call.function)
    ) {
      return fail("invalid_tool_call", `${at} must be {"id", "type":"function", "function"}`);
    }
    const { name, arguments: args } = call.function;
    if (typeof name !== "string" || name === "")
      return fail("invalid_tool_call", `${at}.function.name is missing`);
    if (typeof args !== "string") {
      return fail("invalid_tool_call", `${at}.function.arguments must be a JSON-encoded string`);
    }
    try {
      JSON.parse(args);
    } catch {
      return fail("invalid_tool_call", `${at}.function.arguments is not valid JSON`);
    }
  }
  return null;
}

function checkMessage(message: unknown, at: string): Fail | null {
  if (!isObject(message)) return fail("wrong_type", `${at} must be an object`);
  const keys = checkKeys(message, at, ["role"], MESSAGE_KEYS);
  if (keys) return keys;
  const role = message.role;
  if (typeof role !== "string" || !ROLES.includes(role)) {
    return fail("invalid_role", `${at}.role = ${JSON.stringify(role)}`);
  }
  if ("name" in message && typeof message.name !== "string")
    return fail("wrong_type", `${at}.name must be a string`);
  if ("weight" in message) {
    if (role !== "assistant")
      return fail("weight_not_on_assistant", `${at} is a ${role} message with a weight`);
    if (message.weight !== 0 && message.weight !== 1) {
      return fail(
        "invalid_weight",
        `${at}.weight = ${JSON.stringify(message.weight)}, expected the integer 0 or 1`,
      );
    }
  }
  if ("tool_calls" in message) {
    if (role !== "assistant") return fail("invalid_tool_call", `${at} is a ${role} message with tool_calls`);
    const calls = checkToolCalls(message.tool_calls, `${at}.tool_calls`);
    if (calls) return calls;
  }
  if (role === "tool" && typeof message.tool_call_id !== "string") {
    return fail("invalid_tool_call", `${at} is a tool message without a tool_call_id`);
  }
  if (role !== "tool" && "tool_call_id" in message) {
    return fail("invalid_tool_call", `${at} is a ${role} message with a tool_call_id`);
  }
  // An assistant turn that only calls tools has no text; every other turn needs some.
  const toolCallOnly = role === "assistant" && "tool_calls" in message;
  if (toolCallOnly && (message.content === undefined || message.content === null || message.content === "")) {
    return null;
  }
  if (!("content" in message)) return fail("missing_key", `${at}.content is missing`);
  return checkContent(message.content, `${at}.content`, role);
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const keys = checkKeys(row, "line", ["messages"], ["tools", "parallel_tool_calls"]);
  if (keys) return keys;
  if ("tools" in row && !Array.isArray(row.tools)) return fail("wrong_type", "tools must be an array");
  if ("parallel_tool_calls" in row && typeof row.parallel_tool_calls !== "boolean") {
    return fail("wrong_type", "parallel_tool_calls must be a boolean");
  }
  const messages = row.messages;
  if (!Array.isArray(messages)) return fail("wrong_type", "messages must be an array");
  let assistants = 0;
  let trained = 0;
  for (const [index, message] of messages.entries()) {
    const problem = checkMessage(message, `messages[${index}]`);
    if (problem) return problem;
    const { role, weight } = message as { role: string; weight?: number };
    if (role === "assistant") {
      assistants += 1;
      if (weight !== 0) trained += 1;
    }
  }
  if (assistants === 0) return fail("no_assistant_message", "messages has no assistant message");
  if (trained === 0) return fail("nothing_trained", "every assistant message has weight 0");
  return PASS;
}

export const openaiSft: ExportFormat = {
  id: "openai-sft",
  description: "OpenAI chat fine-tuning (messages with per-turn weight); also Together, Fireworks, TRL",
  rows: (item) => rows(item),
  validate,
};
