import { normalizeSensitiveWord, sensitiveWordProblem } from '@ovation/danmaku-domain';
import { ValidationError } from '@ovation/errors';

/** The most entries a list holds: the platform's, and each room's own. */
export const SENSITIVE_WORDS_MAX = { platform: 10_000, room: 1_000 } as const;

/** The list a room id names: the platform's for the empty id. */
export function sensitiveWordScope(roomId: string): keyof typeof SENSITIVE_WORDS_MAX {
  return roomId === '' ? 'platform' : 'room';
}

/**
 * Entries to store: each normalized (normalizeSensitiveWord) and checked (ValidationError naming
 * `field[i]`), duplicates dropped, at most `max` of them.
 */
export function validateSensitiveWords(field: string, words: readonly string[], max: number): string[] {
  if (words.length > max) throw new ValidationError(field, `${field} may hold at most ${max} words`);
  const valid = new Set<string>();
  words.forEach((raw, index) => {
    const word = normalizeSensitiveWord(raw);
    const problem = sensitiveWordProblem(word);
    if (problem) throw new ValidationError(`${field}[${index}]`, `${field}[${index}] ${problem}`);
    valid.add(word);
  });
  return [...valid];
}

/** Entries to remove: normalized as they were stored, duplicates dropped. */
export function normalizeSensitiveWords(words: readonly string[]): string[] {
  return [...new Set(words.map(normalizeSensitiveWord))].filter(Boolean);
}
