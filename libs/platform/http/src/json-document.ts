/** Why a parsed JSON body is refused before any handler sees it. */
export interface JsonDocumentProblem {
  problem: 'too_deep' | 'malformed_text';
  /** The field at fault, as validation names fields (`title`, `items.0.name`); for depth, the top-level field. */
  field?: string;
}

// In a `u` regex a lone surrogate is a code point of its own (category Cs); a pair is not.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Walks a parsed body once: refuses nesting past `maxDepth` (the walk, and every later one such as
 * validation's, never recurses further) and any string or key that is not well-formed Unicode (a
 * lone surrogate would be stored as replacement characters).
 */
export function inspectJsonDocument(value: unknown, maxDepth: number): JsonDocumentProblem | undefined {
  return visit(value, 0, maxDepth, '');
}

function visit(value: unknown, depth: number, maxDepth: number, path: string): JsonDocumentProblem | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? { problem: 'malformed_text', field: path || undefined } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= maxDepth) return { problem: 'too_deep', field: path.split('.')[0] || undefined };
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return { problem: 'malformed_text', field: childPath.replace(new RegExp(LONE_SURROGATE, 'gu'), '\ufffd') };
    const problem = visit(child, depth + 1, maxDepth, childPath);
    if (problem) return problem;
  }
  return undefined;
}
