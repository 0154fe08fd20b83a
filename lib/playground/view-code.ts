// "View code": the playground's set-up as the request a program would send to Flywheel's own API
// (POST /api/v1/chat/completions, docs/api.md), written as curl, Node (openai) and Python (openai).
// Pure and browser-safe: the dialog calls it on every change. The key is never in the code: each
// snippet reads FLYWHEEL_API_KEY from the environment.
import type { PlaygroundSettings } from "./schemas";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The name a JSON schema is sent under (OpenAI requires one: letters, digits, _ and -). */
export const SCHEMA_NAME = "response";

/**
 * The Chat Completions body for the first model of the set-up, with only the parameters that are set
 * (unset ones take the model's defaults on the server, as in the playground).
 */
export function requestBody(settings: PlaygroundSettings): { [key: string]: Json } {
  const params = settings.params;
  const body: { [key: string]: Json } = { model: settings.models[0] ?? "" };
  const system =
    settings.systemPrompt.trim() === "" ? [] : [{ role: "system", content: settings.systemPrompt }];
  body.messages = [...system, ...settings.messages.map(({ role, content }) => ({ role, content }))];
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  // OpenAI's current name for the answer's limit; Flywheel honours it as it does max_tokens.
  if (params.maxOutputTokens !== undefined) body.max_completion_tokens = params.maxOutputTokens;
  if (params.stopSequences && params.stopSequences.length > 0) body.stop = [...params.stopSequences];
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.presencePenalty !== undefined) body.presence_penalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) body.frequency_penalty = params.frequencyPenalty;
  const format = params.responseFormat;
  if (format?.type === "json") {
    const schema = format.schema?.trim() ? (JSON.parse(format.schema) as Json) : undefined;
    body.response_format = schema
      ? { type: "json_schema", json_schema: { name: SCHEMA_NAME, schema } }
      : { type: "json_object" };
  }
  return body;
}

/** A word safe in a POSIX shell whatever it holds: single quotes, with each ' written as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Short literals are kept on one line up to this width (indent included). */
const LINE_WIDTH = 80;

type Language = "js" | "python";

/** A scalar as a JavaScript or Python literal; only true/false/null are spelt differently. */
function scalar(value: string | number | boolean | null, language: Language): string {
  if (value === null) return language === "python" ? "None" : "null";
  if (typeof value === "boolean") return language === "python" ? (value ? "True" : "False") : String(value);
  // JSON string literals read back to the same text in both languages: JSON's escapes (\" \\ \n \t
  // \uXXXX…) mean the same in each, and JSON.stringify escapes every control character.
  return JSON.stringify(value);
}

const keyOf = (name: string, language: Language) =>
  language === "js" && IDENTIFIER.test(name) ? name : JSON.stringify(name);

/** The value on one line, as Prettier (JavaScript) and Black (Python) write a short literal. */
function oneLine(value: Json, language: Language): string {
  if (typeof value !== "object" || value === null) return scalar(value, language);
  if (Array.isArray(value)) return `[${value.map((item) => oneLine(item, language)).join(", ")}]`;
  const items = Object.entries(value).map(
    ([name, item]) => `${keyOf(name, language)}: ${oneLine(item, language)}`,
  );
  if (items.length === 0) return "{}";
  return language === "js" ? `{ ${items.join(", ")} }` : `{${items.join(", ")}}`;
}

/**
 * A JSON value as a JavaScript or Python literal at `depth`, indented by 2 or 4 spaces (each
 * language's custom); short arrays and objects stay on one line.
 */
function literal(value: Json, language: Language, depth: number): string {
  if (typeof value !== "object" || value === null) return scalar(value, language);
  const unit = language === "python" ? "    " : "  ";
  const inner = unit.repeat(depth + 1);
  const outer = unit.repeat(depth);
  const short = oneLine(value, language);
  if (depth > 0 && outer.length + short.length <= LINE_WIDTH) return short;
  const items = Array.isArray(value)
    ? value.map((item) => literal(item, language, depth + 1))
    : Object.entries(value).map(
        ([name, item]) => `${keyOf(name, language)}: ${literal(item, language, depth + 1)}`,
      );
  if (items.length === 0) return short;
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${outer}${close}`;
}

function curlSnippet(body: Json, endpoint: string): string {
  // A quoted heredoc delimiter turns off every expansion ($, `, \), so the JSON goes as written. No
  // line of JSON.stringify's output can equal the delimiter: strings keep their newlines escaped.
  return [
    `curl -sS ${shellQuote(`${endpoint}/chat/completions`)} \\`,
    `  -H "Authorization: Bearer $FLYWHEEL_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  --data-binary @- <<'JSON'`,
    JSON.stringify(body, null, 2),
    "JSON",
    "",
  ].join("\n");
}

// Text of the user's program, not a read of ours: this app reads its settings only in lib/env.ts.
const NODE_KEY = ["process", "env", "FLYWHEEL_API_KEY"].join(".");

function nodeSnippet(body: Json, endpoint: string): string {
  return [
    `import OpenAI from "openai";`,
    "",
    "const client = new OpenAI({",
    `  apiKey: ${NODE_KEY},`,
    `  baseURL: ${JSON.stringify(endpoint)},`,
    "});",
    "",
    `const completion = await client.chat.completions.create(${literal(body, "js", 0)});`,
    "console.log(completion.choices[0].message.content);",
    "",
  ].join("\n");
}

function pythonSnippet(body: { [key: string]: Json }, endpoint: string): string {
  const args = Object.entries(body).map(([name, value]) => `    ${name}=${literal(value, "python", 1)},`);
  return [
    "import os",
    "",
    "from openai import OpenAI",
    "",
    "client = OpenAI(",
    `    api_key=os.environ["FLYWHEEL_API_KEY"],`,
    `    base_url=${JSON.stringify(endpoint)},`,
    ")",
    "",
    "completion = client.chat.completions.create(",
    ...args,
    ")",
    "print(completion.choices[0].message.content)",
    "",
  ].join("\n");
}

/**
 * The exact request for the set-up's first model, against `baseUrl` (the app's origin), as a curl
 * command and as Node and Python programs using the official `openai` SDKs. Non-streaming, so each
 * prints the answer (curl prints the whole JSON response).
 */
export function viewCode(
  settings: PlaygroundSettings,
  baseUrl: string,
): { curl: string; node: string; python: string } {
  const body = requestBody(settings);
  const endpoint = `${baseUrl.replace(/\/+$/, "")}/api/v1`;
  return {
    curl: curlSnippet(body, endpoint),
    node: nodeSnippet(body, endpoint),
    python: pythonSnippet(body, endpoint),
  };
}
