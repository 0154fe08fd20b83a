// The message tree of a conversation. Regenerating an answer or editing a question adds a sibling
// (same parent); the conversation shows one path from a root to a leaf. Pure functions, used by the
// server (to build the model's context) and the browser (to navigate versions).

export type TreeNode = { id: string; parentId: string | null; createdAt: string | Date };

export type Tree<T extends TreeNode> = {
  byId: Map<string, T>;
  /** Children of each node (key null = roots), oldest first. */
  children: Map<string | null, T[]>;
};

function time(node: TreeNode): number {
  return typeof node.createdAt === "string" ? Date.parse(node.createdAt) : node.createdAt.getTime();
}

export function buildTree<T extends TreeNode>(nodes: Iterable<T>): Tree<T> {
  const byId = new Map<string, T>();
  const children = new Map<string | null, T[]>();
  for (const node of nodes) byId.set(node.id, node);
  for (const node of byId.values()) {
    // A parent that is missing (never expected) makes the node a root rather than losing it.
    const parent = node.parentId !== null && byId.has(node.parentId) ? node.parentId : null;
    const list = children.get(parent);
    if (list) list.push(node);
    else children.set(parent, [node]);
  }
  for (const list of children.values()) list.sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
  return { byId, children };
}

/** The nodes from the root down to `leafId` (empty when it is unknown). */
export function pathTo<T extends TreeNode>(tree: Tree<T>, leafId: string | null | undefined): T[] {
  const path: T[] = [];
  const seen = new Set<string>();
  let node = leafId ? tree.byId.get(leafId) : undefined;
  while (node && !seen.has(node.id)) {
    seen.add(node.id);
    path.push(node);
    node = node.parentId ? tree.byId.get(node.parentId) : undefined;
  }
  return path.reverse();
}

/** Follows the newest child down from `nodeId` to a leaf: where a branch was last extended. */
export function newestLeafUnder<T extends TreeNode>(tree: Tree<T>, nodeId: string | null): T | undefined {
  let node = nodeId === null ? undefined : tree.byId.get(nodeId);
  let kids = tree.children.get(nodeId);
  while (kids && kids.length > 0) {
    node = kids[kids.length - 1];
    kids = tree.children.get(node!.id);
  }
  return node;
}

/** The leaf to show: the remembered one when it still exists, else the newest leaf of the newest root. */
export function resolveLeaf<T extends TreeNode>(
  tree: Tree<T>,
  remembered: string | null | undefined,
): T | undefined {
  if (remembered && tree.byId.has(remembered)) return newestLeafUnder(tree, remembered);
  return newestLeafUnder(tree, null);
}

/** A node's versions (itself and its siblings, oldest first) and its 0-based position among them. */
export function siblingsOf<T extends TreeNode>(
  tree: Tree<T>,
  nodeId: string,
): { siblings: T[]; index: number } {
  const node = tree.byId.get(nodeId);
  if (!node) return { siblings: [], index: -1 };
  const parent = node.parentId !== null && tree.byId.has(node.parentId) ? node.parentId : null;
  const siblings = tree.children.get(parent) ?? [node];
  return { siblings, index: siblings.findIndex((s) => s.id === nodeId) };
}
