import { normalizeChatText } from './chat-text';

describe('normalizeChatText', () => {
  it('normalizes to NFC', () => {
    expect(normalizeChatText('Cafe\u0301', 10)).toEqual({ ok: true, text: 'Café', length: 4 });
  });

  it('strips control characters and bidi overrides, and trims', () => {
    expect(normalizeChatText('  hi\u0000\u0007 the\u202Ere\u0085 \n', 20)).toEqual({ ok: true, text: 'hi there', length: 8 });
  });

  it('counts user-perceived characters: an emoji family and a flag count once', () => {
    expect(normalizeChatText('👨‍👩‍👧🇨🇳好', 3)).toEqual({ ok: true, text: '👨‍👩‍👧🇨🇳好', length: 3 });
    expect(normalizeChatText('👨‍👩‍👧🇨🇳好!', 3)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('counts Chinese characters one each', () => {
    expect(normalizeChatText('一二三四五', 5)).toMatchObject({ ok: true, length: 5 });
    expect(normalizeChatText('一二三四五六', 5)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('refuses text that is empty after normalization', () => {
    expect(normalizeChatText(' \u0000\u202E ', 10)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses huge input without segmenting it', () => {
    expect(normalizeChatText('x'.repeat(1_000_000), 100)).toEqual({ ok: false, reason: 'too_long' });
  });
});
