import { describe, expect, it } from "vitest";
import { buildTree, newestLeafUnder, pathTo, resolveLeaf, siblingsOf } from "@/lib/chat/tree";

// q1 → a1 (first answer) and a2 (regenerated); a2 → q2 and q2' (edited); q2' → a3.
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const nodes = [
  { id: "q1", parentId: null, createdAt: at(0) },
  { id: "a1", parentId: "q1", createdAt: at(1) },
  { id: "a2", parentId: "q1", createdAt: at(2) },
  { id: "q2", parentId: "a2", createdAt: at(3) },
  { id: "q2e", parentId: "a2", createdAt: at(5) },
  { id: "a3", parentId: "q2e", createdAt: at(6) },
];

describe("message tree", () => {
  const tree = buildTree(nodes);

  it("walks from the root to a leaf", () => {
    expect(pathTo(tree, "a3").map((n) => n.id)).toEqual(["q1", "a2", "q2e", "a3"]);
    expect(pathTo(tree, "a1").map((n) => n.id)).toEqual(["q1", "a1"]);
    expect(pathTo(tree, "missing")).toEqual([]);
  });

  it("counts versions as siblings, oldest first", () => {
    expect(siblingsOf(tree, "a2")).toMatchObject({ index: 1, siblings: [{ id: "a1" }, { id: "a2" }] });
    expect(siblingsOf(tree, "q2")).toMatchObject({ index: 0, siblings: [{ id: "q2" }, { id: "q2e" }] });
    expect(siblingsOf(tree, "q1")).toMatchObject({ index: 0, siblings: [{ id: "q1" }] });
  });

  it("follows the newest branch down", () => {
    expect(newestLeafUnder(tree, "q1")?.id).toBe("a3");
    expect(newestLeafUnder(tree, "a1")?.id).toBe("a1");
    expect(newestLeafUnder(tree, null)?.id).toBe("a3");
  });

  it("reopens on the remembered branch, or the newest when it is gone", () => {
    expect(resolveLeaf(tree, "a1")?.id).toBe("a1");
    expect(resolveLeaf(tree, "q2")?.id).toBe("q2");
    expect(resolveLeaf(tree, "deleted")?.id).toBe("a3");
    expect(resolveLeaf(buildTree([]), null)).toBeUndefined();
  });

  it("survives cycles and orphans without looping or losing nodes", () => {
    const odd = buildTree([
      { id: "x", parentId: "y", createdAt: at(0) },
      { id: "y", parentId: "x", createdAt: at(1) },
      { id: "orphan", parentId: "nowhere", createdAt: at(2) },
    ]);
    expect(pathTo(odd, "x").map((n) => n.id)).toEqual(["y", "x"]);
    expect(odd.children.get(null)?.map((n) => n.id)).toEqual(["orphan"]);
  });
});
