import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type FakeUpstream = { url: string; control: string; process: ChildProcess; stop: () => void };

/** Starts tests/helpers/fake-openai-cli.ts in its own process and waits for its addresses. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const child = spawn("npx", ["tsx", "tests/helpers/fake-openai-cli.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fake upstream exited with ${code}`)));
  });
  const { url, control } = JSON.parse(first) as { url: string; control: string };
  return { url, control, process: child, stop: () => child.kill("SIGTERM") };
}
