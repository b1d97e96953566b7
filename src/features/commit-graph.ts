// Revision ranges over a stored commit graph, so a mined repository answers base..head without
// spawning git. Pure.

export type CommitGraph = ReadonlyMap<string, readonly string[]>; // sha -> parent shas

function ancestors(graph: CommitGraph, start: string, stopAt?: ReadonlySet<string>): Set<string> | null {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const sha = stack.pop()!;
    if (seen.has(sha) || stopAt?.has(sha)) continue;
    const parents = graph.get(sha);
    if (!parents) return null; // the graph does not hold all of the history
    seen.add(sha);
    for (const p of parents) stack.push(p);
  }
  return seen;
}

/**
 * Shas in base..head (reachable from head, not from base), like `git rev-list head ^base`,
 * or null when the graph lacks a commit on the way (history not mined that far).
 */
export function rangeInGraph(graph: CommitGraph, base: string, head: string): Set<string> | null {
  const excluded = ancestors(graph, base);
  if (!excluded) return null;
  return ancestors(graph, head, excluded);
}
