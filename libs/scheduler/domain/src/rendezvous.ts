import { hash32 } from './hash';

/**
 * Rendezvous (highest random weight) hashing: every node scores the key, highest first. A key's
 * ranking depends only on the key and the node ids present, so when a node leaves only the keys
 * it ranked first move, and the top k of a key are always a prefix of its top k+1.
 */
export function rankByRendezvous<Node extends { nodeId: string }>(nodes: readonly Node[], key: string): Node[] {
  return nodes
    .map((node) => ({ node, score: hash32(key, hash32(node.nodeId)) }))
    .sort((a, b) => b.score - a.score || compareIds(a.node.nodeId, b.node.nodeId))
    .map(({ node }) => node);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
