// `node scripts/lib/bundle-script.mjs <entry.ts> <name>`: bundles a TypeScript script and the project
// code it imports into node_modules/.cache/flywheel/<name>-<hash>.mjs with esbuild, leaving packages
// as they are, and prints the file's path. scripts/start.mjs runs it as a short-lived child, so that
// esbuild (about 15 MiB of JavaScript once imported) never stays in the server's memory.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const [entry, name] = process.argv.slice(2);
if (!entry || !name) {
  process.stderr.write("usage: node scripts/lib/bundle-script.mjs <entry.ts> <name>\n");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..", "..");
const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages load from node_modules at run time, so they are shared with the Next.js server in the
  // same process (one `pg`, one `next`).
  packages: "external",
  write: false,
  logLevel: "error",
});
const code = result.outputFiles[0].contents;
const digest = createHash("sha256").update(code).digest("hex").slice(0, 16);
// Inside node_modules, so the bundle's package imports resolve from the project's node_modules. Named
// by its content, so concurrent starts never write over each other's.
const directory = path.join(root, "node_modules", ".cache", "flywheel");
const file = path.join(directory, `${name}-${digest}.mjs`);
if (!existsSync(file)) {
  mkdirSync(directory, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, file);
}
process.stdout.write(file);
