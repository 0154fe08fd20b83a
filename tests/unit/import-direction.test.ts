import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layers import downhill only (app/ -> components/ -> lib/). The lint rule is what keeps it so;
// this proves the rule fires, so deleting or loosening it fails here.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });
const RULE = "no-restricted-imports";

async function restrictedImports(file: string, source: string) {
  // A file that exists, so the type-aware rules' project service accepts the virtual text.
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE);
}

describe("imports run downhill", () => {
  const fromApp = 'import { POST } from "@/app/api/chat/route";\nexport const handler = POST;\n';
  const relative = 'import { POST } from "../../app/api/chat/route";\nexport const handler = POST;\n';

  it.each([
    ["components/ui/button.tsx", fromApp],
    ["lib/chat/schemas.ts", fromApp],
    ["lib/chat/schemas.ts", relative],
    ["tests/unit/tree.test.ts", fromApp],
  ])(
    "%s may not import from app/",
    async (file, source) => {
      expect(await restrictedImports(file, source)).toHaveLength(1);
    },
    60_000,
  );

  it("app/ may import from app/", async () => {
    expect(await restrictedImports("app/(chat)/page.tsx", fromApp)).toHaveLength(0);
  }, 60_000);
});
