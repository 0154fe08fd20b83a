import type { PairCount } from "./bradley-terry";

// When the Bradley–Terry MLE exists (Zermelo 1929, Ford 1957): for every split of the models into two
// groups, each group won something against the other. Equivalently, the graph with an edge i → j when
// i won (or tied) against j at least once is strongly connected. Tarjan's algorithm finds its strongly
// connected components; only one of them can be fitted.

/** The strongly connected components of the "won against" graph over models 0..k-1. */
export function strongComponents(k: number, pairs: readonly PairCount[]): number[][] {
  const edges: number[][] = Array.from({ length: k }, () => []);
  for (const { i, j, n, wins } of pairs) {
    if (wins > 0) edges[i]!.push(j);
    if (n - wins > 0) edges[j]!.push(i);
  }
  const index = new Array<number>(k).fill(-1);
  const low = new Array<number>(k).fill(0);
  const onStack = new Array<boolean>(k).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of edges[v]!) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v], low[w]!);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]!);
    }
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        component.push(w);
      } while (w !== v);
      components.push(component.sort((a, b) => a - b));
    }
  };
  for (let v = 0; v < k; v++) if (index[v] === -1) visit(v);
  return components;
}

/** True when the MLE over models 0..k-1 exists (one strongly connected component). */
export function fittable(k: number, pairs: readonly PairCount[]): boolean {
  return k > 0 && strongComponents(k, pairs).length === 1;
}
