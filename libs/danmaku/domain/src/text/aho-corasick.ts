/** One occurrence of a pattern: symbol indices [start, end) into the searched sequence. */
export interface Match {
  start: number;
  end: number;
  pattern: number;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Patterns ending here, as [pattern index, length in code points]. */
  outputs: Array<[number, number]>;
  /** The nearest node on the fail chain that has outputs (-1: none), so matching never walks dead links. */
  outputLink: number;
}

/**
 * Aho–Corasick automaton over symbols (integers: code points, or the filter's folded symbols):
 * finds every occurrence of every pattern (overlapping ones included) in one pass over the
 * sequence, in time linear in its length plus the matches.
 */
export class AhoCorasick {
  private readonly nodes: Node[] = [newNode()];

  constructor(patterns: ReadonlyArray<readonly number[]>) {
    patterns.forEach((pattern, index) => this.insert(pattern, index));
    this.link();
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Every match, ordered by end position (then longest first). */
  findAll(symbols: readonly number[]): Match[] {
    const matches: Match[] = [];
    const { nodes } = this;
    let state = 0;
    for (let index = 0; index < symbols.length; index++) {
      state = this.step(state, symbols[index]);
      for (let node = nodes[state].outputs.length ? state : nodes[state].outputLink; node > 0; node = nodes[node].outputLink) {
        for (const [pattern, length] of nodes[node].outputs) matches.push({ start: index + 1 - length, end: index + 1, pattern });
      }
    }
    return matches;
  }

  private step(state: number, symbol: number): number {
    let current = state;
    for (;;) {
      const next = this.nodes[current].next.get(symbol);
      if (next !== undefined) return next;
      if (current === 0) return 0;
      current = this.nodes[current].fail;
    }
  }

  private insert(symbols: readonly number[], index: number): void {
    if (symbols.length === 0) return;
    let state = 0;
    for (const symbol of symbols) {
      let next = this.nodes[state].next.get(symbol);
      if (next === undefined) {
        next = this.nodes.push(newNode()) - 1;
        this.nodes[state].next.set(symbol, next);
      }
      state = next;
    }
    this.nodes[state].outputs.push([index, symbols.length]);
  }

  /** Breadth-first: a node's fail link points to the longest proper suffix that is also a prefix. */
  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [symbol, child] of this.nodes[state].next) {
        const fail = state === 0 ? 0 : this.step(this.nodes[state].fail, symbol);
        const node = this.nodes[child];
        node.fail = fail;
        const target = this.nodes[node.fail];
        node.outputLink = target.outputs.length ? node.fail : target.outputLink;
        queue.push(child);
      }
    }
  }
}

function newNode(): Node {
  return { next: new Map(), fail: 0, outputs: [], outputLink: -1 };
}
