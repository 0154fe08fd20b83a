import { createRequire } from "node:module";
import path from "node:path";

/**
 * Next.js's own CLI, to run with `node` (process.execPath): no npx, whose npm process would stay
 * resident (about 50 MiB) for as long as the command runs.
 */
export function nextBin(root: string): string {
  return createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
}
