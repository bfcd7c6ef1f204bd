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
    expect(normalizeChatText('\u200B\u2060\uFEFF\u00AD\u3164', 10)).toEqual({ ok: false, reason: 'empty' });
  });

  it('strips invisible format characters, and keeps the joiners, variation selectors and tags emoji need', () => {
    expect(normalizeChatText('s\u200Bc\u2060a\uFEFFm\u00AD!\u3164', 20)).toEqual({ ok: true, text: 'scam!' });
    const emoji = '👩\u200D💻 ❤\uFE0F 1\uFE0F\u20E3 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} می\u200Cخواهم';
    expect(normalizeChatText(emoji, 50)).toEqual({ ok: true, text: emoji });
  });

  it('bounds the combining marks one character carries, so one grapheme cannot hide 1,600 of them', () => {
    const zalgo = `a${'\u0301'.repeat(1600)}`;
    // One user-perceived character: within any length limit, refused for its marks.
    expect([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(zalgo)]).toHaveLength(1);
    expect(normalizeChatText(zalgo, 100)).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeChatText(`x${'\u200D'.repeat(50)}`, 100)).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeChatText(`🏴${'\u{E0067}'.repeat(40)}`, 100)).toEqual({ ok: false, reason: 'invalid' });
    // Real text: Vietnamese (two marks on one letter), Hebrew with points, Hindi.
    for (const text of ['Tiếng Việt ệ', 'q\u0323\u0302', 'שָׁלוֹם', 'नमस्ते']) expect(normalizeChatText(text, 100)).toEqual({ ok: true, text: text.normalize('NFC') });
    expect(normalizeChatText('q\u0301\u0302\u0303\u0304', 100, 4)).toMatchObject({ ok: true });
    expect(normalizeChatText('q\u0301\u0302\u0303\u0304\u0306', 100, 4)).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeChatText('q\u0301\u0302', 100, 1)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses huge input without segmenting it', () => {
    expect(normalizeChatText('x'.repeat(1_000_000), 100)).toEqual({ ok: false, reason: 'too_long' });
  });
});
