import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@/lib/ai/model-info";
import { modelLabel, modelNameMap } from "@/components/chat/model-label";

const listed = [{ id: "gpt-x", name: "GPT X" } as ModelInfo];

describe("an answer's model label", () => {
  it("is the name while the model is listed, or only known (disabled, other roles)", () => {
    const names = modelNameMap(listed, { "old-model": "Old model", "gpt-x": "GPT X (old name)" });
    expect(modelLabel(names, "gpt-x")).toBe("GPT X");
    expect(modelLabel(names, "old-model")).toBe("Old model");
  });

  it("is the recorded id once the registry no longer knows it (its provider was deleted)", () => {
    expect(modelLabel(modelNameMap(listed, {}), "ft:gpt-4o-mini:acme:123")).toBe("ft:gpt-4o-mini:acme:123");
    expect(modelLabel(modelNameMap(listed, {}), null)).toBe("");
  });
});
