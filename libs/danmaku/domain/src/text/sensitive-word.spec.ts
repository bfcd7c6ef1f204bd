import { normalizeSensitiveWord, sensitiveWordProblem } from './sensitive-word';

describe('sensitive-word list entries', () => {
  it('are stored normalized: NFC, invisible characters gone, one space between words, trimmed', () => {
    expect(normalizeSensitiveWord('  Cafe\u0301\u200B  free \t money ')).toBe('Café free money');
  });

  it('are refused when empty, too long, or without a letter or digit, with the reason', () => {
    expect(sensitiveWordProblem('')).toBe('is empty');
    expect(sensitiveWordProblem('a'.repeat(65))).toBe('is longer than 64 characters');
    expect(sensitiveWordProblem('傻'.repeat(64))).toBeUndefined();
    expect(sensitiveWordProblem('🖕')).toMatch(/no letter or digit/);
    expect(sensitiveWordProblem('***')).toMatch(/no letter or digit/);
    expect(sensitiveWordProblem('scam*')).toBeUndefined();
  });
});
