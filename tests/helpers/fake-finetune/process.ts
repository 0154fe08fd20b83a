// Starts one fake fine-tuning service (./cli.ts) in its own process, for end-to-end tests, and waits
// for its addresses. `control(patch)` posts to its /__control endpoint (see ./cli.ts for the fields).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type FakeFineTuneProcess = {
  provider: "openai" | "together" | "fireworks";
  /** Base URL ending in /v1. */
  url: string;
  process: ChildProcess;
  control(patch: Record<string, unknown>): Promise<void>;
  stop(): void;
};

export async function startFakeFineTuneProcess(
  provider: FakeFineTuneProcess["provider"],
  port = 0,
): Promise<FakeFineTuneProcess> {
  // Node itself with tsx's loader, so that stopping the child stops the server (see scripts/lib/fake-upstream.ts).
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/fake-finetune/cli.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, FAKE_FINETUNE_PROVIDER: provider, FAKE_FINETUNE_PORT: String(port) },
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) =>
      reject(new Error(`fake ${provider} fine-tuning service exited with ${code}`)),
    );
  });
  const { url, control } = JSON.parse(first) as { url: string; control: string };
  return {
    provider,
    url,
    process: child,
    async control(patch) {
      const response = await fetch(control, { method: "POST", body: JSON.stringify(patch) });
      if (response.status !== 204) throw new Error(`control answered ${response.status}`);
    },
    stop: () => child.kill("SIGTERM"),
  };
}
