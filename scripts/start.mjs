// `npm start` / `npm run dev`: runs scripts/start.ts under plain Node, without a TypeScript loader.
//
// A production start used to be npm → npx → tsx (two processes) → npx → next-server: about 250 MiB of
// wrappers around a server of about 240 MiB. Now the start script is bundled with esbuild by a
// short-lived child (a quarter of a second, on every start, so it can never be older than its
// sources) and imported here; it then serves Next.js in this same process (scripts/lib/serve-next.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const bundled = spawnSync(
  process.execPath,
  [path.join(root, "scripts", "lib", "bundle-script.mjs"), "scripts/start.ts", "start"],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
);
if (bundled.status === 0 && bundled.stdout) {
  await import(pathToFileURL(bundled.stdout).href);
} else {
  // A read-only node_modules (an image built as another user): run the sources under tsx instead —
  // slower to start and about 80 MiB heavier, but the same start.
  process.stderr.write(
    `Cannot bundle scripts/start.ts (${(bundled.stderr || bundled.error?.message || "").trim()}): running it under tsx.\n`,
  );
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(path.join(root, "scripts", "start.ts")).href);
}
