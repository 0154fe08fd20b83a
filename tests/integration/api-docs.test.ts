import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";
import type { createApiKey } from "@/lib/api-keys/api-keys";

// docs/api.md's quick-start examples, run as written (the blocks after "<!-- tested: … -->") against
// the completions route over HTTP, with the built-in offline model: what a reader copies works.
const run = promisify(execFile);
const docs = readFileSync("docs/api.md", "utf8");

function example(name: string): string {
  const match = docs.match(new RegExp(`<!-- tested: ${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``));
  if (!match) throw new Error(`docs/api.md has no example marked "tested: ${name}"`);
  return match[1]!;
}

let server: Awaited<ReturnType<typeof startRouteServer>>;
let keys: { createApiKey: typeof createApiKey };

beforeAll(async () => {
  process.env.OFFLINE_MODEL_WORD_DELAY_MS = "0";
  const { createCompletionRoute } = await import("@/lib/api/completions/completion-route");
  keys = { createApiKey: (await import("@/lib/api-keys/api-keys")).createApiKey };
  server = await startRouteServer([
    { path: "/api/v1/chat/completions", methods: { POST: createCompletionRoute } },
  ]);
});
afterAll(() => server.close());
beforeEach(() => resetDatabase());

async function environment() {
  const { actor } = await createUser();
  const { key } = await keys.createApiKey(actor, { name: "docs", scopes: ["chat"] });
  return { ...process.env, FLYWHEEL_BASE_URL: `${server.url}/api/v1`, FLYWHEEL_API_KEY: key };
}

describe("docs/api.md quick start", () => {
  it("the curl example gets a chat completion", async () => {
    const { stdout } = await run("sh", ["-c", example("curl")], { env: await environment() });
    const completion = JSON.parse(stdout) as { object: string; choices: { message: { content: string } }[] };
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]!.message.content).toContain("Say hello");
  });

  it("the Node.js example prints the answer", async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", example("node")], {
      env: await environment(),
    });
    expect(stdout).toMatch(/You asked: "Say hello"/);
  });
});
