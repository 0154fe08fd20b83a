import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";
import { viewCode } from "@/lib/playground/view-code";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type { createApiKey } from "@/lib/api-keys/api-keys";

// "View code", run for real: the snippets for one set-up, with text that breaks naive quoting and
// several parameters, are run by bash (curl), node (the `openai` package) and python3 against the
// real /api/v1/chat/completions route over HTTP, with a fake OpenAI-compatible upstream behind it.
// Each must print the upstream's answer, and the upstream must receive the same request from each.
//
// python3 here has no `openai` package (no PyPI on these machines), so the Python snippet runs with a
// small stand-in module on PYTHONPATH that does what the SDK does for this call: POST the keyword
// arguments as JSON to {base_url}/chat/completions with the bearer key, and expose the answer as
// completion.choices[0].message.content.
const run = promisify(execFile);

const ANSWER = 'The answer is "42" — naïve café 😀\nsecond line with $HOME and `ticks`';

const SETTINGS: PlaygroundSettings = {
  models: ["fake-model"],
  systemPrompt: "You are terse.\nNever use 'single quotes'.",
  messages: [
    {
      role: "user",
      content: `He said "hi" & 'bye'; $HOME $(whoami) \`id\` \\ back\\slash\nJSON\n日本語 😀 \u2028 end`,
    },
    { role: "assistant", content: 'Noted: it\'s "fine".' },
    { role: "user", content: "And then? {0} %s ''' \"\"\"" },
  ],
  params: {
    temperature: 0.4,
    topP: 0.8,
    maxOutputTokens: 200,
    stopSequences: ["STOP", "'\"$"],
    seed: 7,
    presencePenalty: 0.5,
    frequencyPenalty: -0.25,
    responseFormat: {
      type: "json",
      schema: '{"type":"object","properties":{"answer":{"type":"string"}},"additionalProperties":false}',
    },
  },
};

const FAKE_OPENAI_PY = `import json, urllib.request
from types import SimpleNamespace


def _namespace(value):
    if isinstance(value, dict):
        return SimpleNamespace(**{key: _namespace(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_namespace(item) for item in value]
    return value


class OpenAI:
    def __init__(self, api_key, base_url):
        def create(**body):
            request = urllib.request.Request(
                base_url.rstrip("/") + "/chat/completions",
                data=json.dumps(body).encode("utf-8"),
                headers={"Authorization": "Bearer " + api_key, "Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request) as response:
                return _namespace(json.load(response))

        self.chat = SimpleNamespace(completions=SimpleNamespace(create=create))
`;

let fake: FakeOpenAI;
let server: Awaited<ReturnType<typeof startRouteServer>>;
let keys: { createApiKey: typeof createApiKey };
const tmp = mkdtempSync(path.join(tmpdir(), "view-code-it-"));

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  const { createCompletionRoute } = await import("@/lib/api/completions/completion-route");
  keys = { createApiKey: (await import("@/lib/api-keys/api-keys")).createApiKey };
  server = await startRouteServer([
    { path: "/api/v1/chat/completions", methods: { POST: createCompletionRoute } },
  ]);
  mkdirSync(path.join(tmp, "openai"));
  writeFileSync(path.join(tmp, "openai", "__init__.py"), FAKE_OPENAI_PY);
});
afterAll(async () => {
  await server.close();
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({ text: ANSWER, chunkDelayMs: 0 });
  fake.requests.length = 0;
});

async function environment() {
  const { actor } = await createUser();
  const { key } = await keys.createApiKey(actor, { name: "view code", scopes: ["chat"] });
  return { ...process.env, FLYWHEEL_API_KEY: key, PYTHONPATH: tmp };
}

/** The last request the upstream received, without what a transport may add (stream options). */
function lastUpstreamBody(): Record<string, unknown> {
  const posts = fake.requests.filter((r) => r.method === "POST");
  expect(posts.length).toBeGreaterThan(0);
  return posts.at(-1)!.body as Record<string, unknown>;
}

describe("View code against the running API", () => {
  it("curl, Node and Python print the upstream's answer and send the upstream the same request", async () => {
    const code = viewCode(SETTINGS, server.url);
    const env = await environment();

    const curl = await run("bash", ["-c", code.curl], { env });
    const completion = JSON.parse(curl.stdout) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]!.message.content).toBe(ANSWER);
    const fromCurl = lastUpstreamBody();

    const node = await run(process.execPath, ["--input-type=module", "-e", code.node], { env });
    expect(node.stdout).toBe(`${ANSWER}\n`);
    const fromNode = lastUpstreamBody();

    const pythonFile = path.join(tmp, "snippet.py");
    writeFileSync(pythonFile, code.python);
    const python = await run("python3", [pythonFile], { env: { ...env, PYTHONIOENCODING: "utf-8" } });
    expect(python.stdout).toBe(`${ANSWER}\n`);
    const fromPython = lastUpstreamBody();

    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(3);
    expect(fromNode).toEqual(fromCurl);
    expect(fromPython).toEqual(fromCurl);
    // What reached the upstream is the set-up: its messages (system first) and every parameter.
    expect(fromCurl).toMatchObject({
      model: "fake-model",
      messages: [
        { role: "system", content: SETTINGS.systemPrompt },
        ...SETTINGS.messages.map(({ role, content }) => ({ role, content })),
      ],
      temperature: 0.4,
      top_p: 0.8,
      stop: ["STOP", "'\"$"],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.25,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "response",
          schema: { type: "object", properties: { answer: { type: "string" } }, additionalProperties: false },
        },
      },
    });
    const limit = fromCurl.max_completion_tokens ?? fromCurl.max_tokens;
    expect(limit).toBe(200);
  });

  it("a set-up with only a model and a message runs as well, with the model's defaults", async () => {
    const code = viewCode(
      { models: ["fake-model"], systemPrompt: "", messages: [{ role: "user", content: "Hi" }], params: {} },
      `${server.url}/`,
    );
    const env = await environment();
    const node = await run(process.execPath, ["--input-type=module", "-e", code.node], { env });
    expect(node.stdout).toBe(`${ANSWER}\n`);
    expect(lastUpstreamBody()).toMatchObject({
      model: "fake-model",
      messages: [{ role: "user", content: "Hi" }],
    });
  });
});
