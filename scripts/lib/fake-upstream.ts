import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type FakeUpstream = { url: string; control: string; process: ChildProcess; stop: () => void };

/** Starts tests/helpers/fake-openai-cli.ts in its own process and waits for its addresses. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  // Node itself with tsx's loader: one process, so stopping it stops the server (through `npx tsx` the
  // kill reached only the wrapper and left the server running after the tests).
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/fake-openai-cli.ts"], {
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
