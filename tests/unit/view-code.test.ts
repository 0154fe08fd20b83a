import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { requestBody, shellQuote, viewCode } from "@/lib/playground/view-code";
import type { PlaygroundSettings } from "@/lib/playground/schemas";

// "View code": the mapping from the playground's set-up to the API's request, and the quoting of that
// request in each language. Each snippet is run by its own interpreter with the network call replaced
// by a stand-in that prints what it would send (tests/integration/view-code.test.ts sends it for real).
const run = promisify(execFile);

/** Text that breaks naive quoting in shell, JavaScript and Python alike. */
const TRICKY = [
  `He said "hi" and 'bye' & left; $HOME $(whoami) \`id\` %s {0} \${x}`,
  "back\\slash \\n not a newline, \\u0041, \\\\ double",
  "JSON",
  "'JSON'",
  `""" triple ''' quotes`,
  "naïve café, 日本語, emoji 😀, Ω, \u2028 line separator, \u0007 bell, \t tab",
  "",
].join("\n");

const base: PlaygroundSettings = {
  models: ["fake-model", "other-model"],
  systemPrompt: "Answer in one line.\nBe kind.",
  messages: [
    { role: "user", content: TRICKY },
    { role: "assistant", content: 'Noted: it\'s\r\n"quoted".' },
    { role: "user", content: "And again?" },
  ],
  params: {},
};

const SCHEMA = {
  type: "object",
  properties: { answer: { type: "string", description: 'it\'s "quoted"' } },
  required: ["answer"],
  additionalProperties: false,
  nullable: null,
};

const full: PlaygroundSettings = {
  ...base,
  params: {
    temperature: 0.7,
    topP: 0.9,
    maxOutputTokens: 256,
    stopSequences: ["END", "'\"$"],
    seed: 42,
    presencePenalty: -0.5,
    frequencyPenalty: 1.25,
    responseFormat: {
      type: "json",
      schema: JSON.stringify(SCHEMA, null, 2),
    },
  },
};

const tmp = mkdtempSync(path.join(tmpdir(), "view-code-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const env = { ...process.env, FLYWHEEL_API_KEY: "fw-placeholder-for-test" };

/** The curl snippet run by bash, with `curl` a function that prints its arguments and its stdin. */
async function curlSends(snippet: string) {
  const script = `curl() { printf '%s\\n' "$@" > "$ARGS_FILE"; cat; }\n${snippet}`;
  const argsFile = path.join(tmp, "curl-args");
  const { stdout } = await run("bash", ["-c", script], { env: { ...env, ARGS_FILE: argsFile } });
  return { body: JSON.parse(stdout) as unknown, args: readFileSync(argsFile, "utf8").split("\n") };
}

/** The Node snippet run by node, with the `openai` import replaced by a class that prints the call. */
async function nodeSends(snippet: string) {
  const stub = `class OpenAI {
  constructor(options) { this.chat = { completions: { create: async (body) => {
    process.stdout.write(JSON.stringify({ options, body }));
    return { choices: [{ message: { content: "" } }] };
  } } }; }
}`;
  expect(snippet).toContain('import OpenAI from "openai";');
  const code = snippet.replace('import OpenAI from "openai";', stub);
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { env });
  return JSON.parse(stdout.trim()) as { options: Record<string, unknown>; body: unknown };
}

/** The Python snippet run by python3, with a stand-in `openai` module on PYTHONPATH. */
async function pythonSends(snippet: string) {
  const dir = path.join(tmp, "py");
  mkdirSync(path.join(dir, "openai"), { recursive: true });
  writeFileSync(
    path.join(dir, "openai", "__init__.py"),
    `import json, sys
from types import SimpleNamespace

class OpenAI:
    def __init__(self, **options):
        def create(**body):
            sys.stderr.write(json.dumps({"options": options, "body": body}))
            return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=""))])
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=create))
`,
  );
  const file = path.join(tmp, "snippet.py");
  writeFileSync(file, snippet);
  const { stderr } = await run("python3", [file], { env: { ...env, PYTHONPATH: dir } });
  return JSON.parse(stderr) as { options: Record<string, unknown>; body: unknown };
}

describe("requestBody", () => {
  it("maps every set parameter to the API's name, the system prompt first, for the first model", () => {
    expect(requestBody(full)).toEqual({
      model: "fake-model",
      messages: [
        { role: "system", content: "Answer in one line.\nBe kind." },
        { role: "user", content: TRICKY },
        { role: "assistant", content: 'Noted: it\'s\r\n"quoted".' },
        { role: "user", content: "And again?" },
      ],
      temperature: 0.7,
      top_p: 0.9,
      max_completion_tokens: 256,
      stop: ["END", "'\"$"],
      seed: 42,
      presence_penalty: -0.5,
      frequency_penalty: 1.25,
      response_format: {
        type: "json_schema",
        json_schema: { name: "response", schema: SCHEMA },
      },
    });
  });

  it("leaves out what is not set: an empty system prompt, unset parameters, no stop sequences, text", () => {
    const body = requestBody({
      ...base,
      systemPrompt: "  \n",
      params: { stopSequences: [], responseFormat: { type: "text" }, temperature: 0, seed: 0 },
    });
    expect(body).toEqual({
      model: "fake-model",
      messages: base.messages,
      temperature: 0,
      seed: 0,
    });
  });

  it("asks for a JSON object when JSON has no schema (or a blank one)", () => {
    for (const responseFormat of [{ type: "json" as const }, { type: "json" as const, schema: "  " }]) {
      expect(requestBody({ ...base, params: { responseFormat } }).response_format).toEqual({
        type: "json_object",
      });
    }
  });
});

describe("viewCode", () => {
  const code = viewCode(full, "https://flywheel.example.test/");

  it("reads the key from the environment and never holds one", () => {
    expect(code.curl).toContain('"Authorization: Bearer $FLYWHEEL_API_KEY"');
    expect(code.node).toContain("apiKey: process.env.FLYWHEEL_API_KEY,");
    expect(code.python).toContain('api_key=os.environ["FLYWHEEL_API_KEY"],');
    for (const snippet of Object.values(code)) expect(snippet).not.toMatch(/fw-[A-Za-z0-9_-]{10}/);
  });

  it("curl: bash sends exactly the body to the API's completions URL", async () => {
    const { body, args } = await curlSends(code.curl);
    expect(body).toEqual(requestBody(full));
    expect(args[0]).toBe("-sS");
    expect(args[1]).toBe("https://flywheel.example.test/api/v1/chat/completions");
    expect(args).toContain("Authorization: Bearer fw-placeholder-for-test");
  });

  it("Node: the program passes exactly the body to the SDK, with the key from the environment", async () => {
    const { options, body } = await nodeSends(code.node);
    expect(body).toEqual(requestBody(full));
    expect(options).toEqual({
      apiKey: "fw-placeholder-for-test",
      baseURL: "https://flywheel.example.test/api/v1",
    });
  });

  it("Python: the program passes exactly the body to the SDK, with the key from the environment", async () => {
    const { options, body } = await pythonSends(code.python);
    expect(body).toEqual(requestBody(full));
    expect(options).toEqual({
      api_key: "fw-placeholder-for-test",
      base_url: "https://flywheel.example.test/api/v1",
    });
  });

  it("a base URL with quotes or spaces stays one shell word", async () => {
    const odd = viewCode(base, "http://127.0.0.1:3000/it's here");
    const { args } = await curlSends(odd.curl);
    expect(args[1]).toBe("http://127.0.0.1:3000/it's here/api/v1/chat/completions");
  });
});

describe("shellQuote", () => {
  it.each(["", "plain", "it's", "'", '$HOME `id` \\ \n "x"'])("%j survives bash", async (text) => {
    const { stdout } = await run("bash", ["-c", `printf '%s' ${shellQuote(text)}`]);
    expect(stdout).toBe(text);
  });
});
