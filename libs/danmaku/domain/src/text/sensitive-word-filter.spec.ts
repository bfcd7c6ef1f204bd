import { SensitiveWordFilter } from './sensitive-word-filter';

describe('SensitiveWordFilter', () => {
  const words = ['傻瓜', '瓜子', 'scam', '代开发票'];

  it('masks every matched character, overlapping matches merged', () => {
    expect(new SensitiveWordFilter(words, 'mask').check('你这个傻瓜子！')).toEqual({ kind: 'masked', text: '你这个***！', matches: 2 });
  });

  it('masks in mixed Chinese and Latin text, case- and width-insensitively', () => {
    const filter = new SensitiveWordFilter(words, 'mask');
    expect(filter.check('This is a SCAM 代开发票 ok')).toEqual({ kind: 'masked', text: 'This is a **** **** ok', matches: 2 });
    expect(filter.check('ｓｃａｍ警告')).toEqual({ kind: 'masked', text: '****警告', matches: 1 });
  });

  it('keeps astral characters intact around a mask', () => {
    expect(new SensitiveWordFilter(['scam'], 'mask').check('🎉scam🎉')).toEqual({ kind: 'masked', text: '🎉****🎉', matches: 1 });
  });

  it('passes clean text untouched', () => {
    expect(new SensitiveWordFilter(words, 'mask').check('主播唱得真好 nice')).toEqual({ kind: 'clean', text: '主播唱得真好 nice' });
  });

  it('rejects instead of masking in reject mode', () => {
    expect(new SensitiveWordFilter(words, 'reject').check('卖瓜子')).toEqual({ kind: 'rejected', matches: 1 });
  });

  it('ignores blank words in the list', () => {
    expect(new SensitiveWordFilter(['', '  '], 'reject').check('anything')).toEqual({ kind: 'clean', text: 'anything' });
  });
});
