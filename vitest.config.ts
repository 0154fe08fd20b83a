import path from "node:path";
import { defineConfig } from "vitest/config";
import "./tests/helpers/node20-polyfills.ts";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Outside Next.js's react-server build the real package throws on import; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/server-only.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx"],
          environment: "node",
          setupFiles: ["tests/helpers/node20-polyfills.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // next-auth imports "next/server" without an extension, which only a bundler resolves.
          server: { deps: { inline: ["next-auth"] } },
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/helpers/node20-polyfills.ts", "tests/integration/setup.ts"],
          // One fresh database per run, shared by the files, which therefore run one at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
