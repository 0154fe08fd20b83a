// `npm test`: every check CI runs, in order of speed, stopping at the first failure.
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["lint", ["npm", "run", "lint"]],
  ["format", ["npm", "run", "format:check"]],
  ["type check", ["npm", "run", "typecheck"]],
  ["unit tests", ["npm", "run", "test:unit"]],
  ["integration tests", ["npm", "run", "test:integration"]],
  ["end-to-end tests", ["npm", "run", "test:e2e"]],
];

for (const [name, [command, ...args]] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command!, args, { stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
}
console.log("\nAll checks passed.");
