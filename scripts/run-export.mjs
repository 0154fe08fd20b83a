// `npm run export`: runs scripts/export.ts under plain Node, without a TypeScript loader.
//
// The export is the longest-running, most memory-bound job Flywheel has, and tsx costs it dearly: its
// loader thread and transpile caches take about 80 MiB of the process's RSS (the budget is 300 MB),
// once in the main thread and once more in the export's worker. So this launcher bundles the CLI and
// the lib/ code it imports with esbuild (a quarter of a second), leaving packages as they are, and
// imports the bundle. It bundles on every run, so the bundle can never be older than the sources; the
// file is named by its content, so concurrent runs never write over each other's.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, stop } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const result = await build({
  absWorkingDir: root,
  entryPoints: ["scripts/export.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages load from node_modules at run time, as under tsx; `npm run export` passes the same
  // react-server condition, which makes `server-only` importable outside Next.js.
  packages: "external",
  conditions: ["react-server"],
  write: false,
  logLevel: "error",
});
// esbuild's service process would otherwise live as long as the export does.
await stop();

const code = result.outputFiles[0].contents;
const digest = createHash("sha256").update(code).digest("hex").slice(0, 16);
// Inside node_modules, so the bundle's package imports resolve from the project's node_modules.
const directory = path.join(root, "node_modules", ".cache", "flywheel");
const file = path.join(directory, `export-cli-${digest}.mjs`);
let entry = pathToFileURL(file).href;
try {
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
} catch (error) {
  // A read-only node_modules (an image built as another user): run the sources under tsx instead, as
  // before — slower to start and heavier, but the same export.
  process.stderr.write(`Cannot write ${file} (${error.code ?? error.message}): running under tsx.\n`);
  const { register } = await import("tsx/esm/api");
  register();
  entry = pathToFileURL(path.join(root, "scripts", "export.ts")).href;
}
await import(entry);
