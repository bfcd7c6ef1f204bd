import { normalizeChatText } from './chat-text';

describe('normalizeChatText', () => {
  it('normalizes to NFC', () => {
    expect(normalizeChatText('Cafe\u0301', 10)).toEqual({ ok: true, text: 'Café' });
  });

  it('strips control characters and bidi overrides, and trims', () => {
    expect(normalizeChatText('  hi\u0000\u0007 the\u202Ere\u0085 \n', 20)).toEqual({ ok: true, text: 'hi there' });
  });

  it('counts user-perceived characters: an emoji family and a flag count once', () => {
    // 13 UTF-16 units, 3 graphemes: over the limit in units, within it in characters.
    expect(normalizeChatText('👨‍👩‍👧🇨🇳好', 3)).toEqual({ ok: true, text: '👨‍👩‍👧🇨🇳好' });
    expect(normalizeChatText('👨‍👩‍👧🇨🇳好!', 3)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('counts Chinese characters one each', () => {
    expect(normalizeChatText('一二三四五', 5)).toEqual({ ok: true, text: '一二三四五' });
    expect(normalizeChatText('一二三四五六', 5)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('counts combining marks with their base when the text is longer in units than the limit', () => {
    // NFC has no precomposed form for q + U+0307: 2 units, 1 grapheme each, 6 units in all.
    expect(normalizeChatText('q\u0307q\u0307q\u0307', 3)).toEqual({ ok: true, text: 'q\u0307q\u0307q\u0307' });
    expect(normalizeChatText('q\u0307q\u0307q\u0307q', 3)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('refuses text that is empty after normalization', () => {
    expect(normalizeChatText(' \u0000\u202E ', 10)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses huge input without segmenting it', () => {
    expect(normalizeChatText('x'.repeat(1_000_000), 100)).toEqual({ ok: false, reason: 'too_long' });
  });
});
