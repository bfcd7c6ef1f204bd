import { SensitiveWordFilter, SensitiveWordList } from './sensitive-word-filter';

const words = ['傻瓜', '瓜子', 'scam', '代开发票'];
const masking = new SensitiveWordFilter('mask');
const rejecting = new SensitiveWordFilter('reject');
const check = (text: string, list: readonly string[] = words) => masking.check(text, [new SensitiveWordList(list)]);
const masked = (text: string, list: readonly string[] = words) => {
  const verdict = check(text, list);
  return verdict.kind === 'masked' ? verdict.text : verdict.kind;
};

describe('SensitiveWordFilter', () => {
  it('masks every matched character, overlapping matches merged', () => {
    expect(check('你这个傻瓜子！')).toEqual({ kind: 'masked', text: '你这个***！', matches: 2 });
  });

  it('masks in mixed Chinese and Latin text, case- and width-insensitively', () => {
    expect(check('This is a SCAM 代开发票 ok')).toEqual({ kind: 'masked', text: 'This is a **** **** ok', matches: 2 });
    expect(check('ｓｃａｍ警告')).toEqual({ kind: 'masked', text: '****警告', matches: 1 });
  });

  it('keeps astral characters intact around a mask', () => {
    expect(check('🎉scam🎉', ['scam'])).toEqual({ kind: 'masked', text: '🎉****🎉', matches: 1 });
  });

  it('passes clean text untouched', () => {
    expect(check('主播唱得真好 nice')).toEqual({ kind: 'clean', text: '主播唱得真好 nice' });
  });

  it('rejects instead of masking in reject mode', () => {
    expect(rejecting.check('卖瓜子', [new SensitiveWordList(words)])).toEqual({ kind: 'rejected', matches: 1 });
  });

  it('ignores blank entries and entries without a letter or digit', () => {
    expect(check('anything ... !!', ['', '  ', '...', '🖕'])).toEqual({ kind: 'clean', text: 'anything ... !!' });
    expect(new SensitiveWordList(['', '...', 'ok']).size).toBe(1);
  });

  it('applies every list given (the platform list and the room list), counting the matches of each', () => {
    expect(masking.check('scam and 傻瓜', [new SensitiveWordList(['scam']), new SensitiveWordList(['傻瓜'])])).toEqual({ kind: 'masked', text: '**** and **', matches: 2 });
    expect(masking.check('scam', [SensitiveWordList.EMPTY])).toEqual({ kind: 'clean', text: 'scam' });
  });

  // Each of these went through the filter before normalization (issue 23).
  describe('is not bypassed by', () => {
    it('zero-width characters and soft hyphens between the letters, which the mask removes', () => {
      for (const invisible of ['\u200B', '\u2060', '\uFEFF', '\u00AD', '\u200C', '\u200D', '\u180E', '\u2061']) {
        expect(masked(`s${invisible}c${invisible}a${invisible}m!`)).toBe('****!');
        expect(masked(`傻${invisible}瓜`)).toBe('**');
      }
    });

    it('combining marks on the letters', () => {
      expect(masked('s\u0301c\u0308a\u0300m\u0327 ok')).toBe('**** ok');
      expect(masked('scám')).toBe('****');
    });

    it('Cyrillic and Greek letters that look like Latin ones, in either case', () => {
      expect(masked('ѕсаm')).toBe('****'); // Cyrillic dze, es, a
      expect(masked('SСАM')).toBe('****'); // Cyrillic capital es, a
      expect(masked('scαm')).toBe('****'); // Greek alpha
      expect(masked('bοοk a scam', ['book'])).toBe('**** a scam'); // Greek omicron
      expect(masked('ВАD and НОТ', ['bad', 'hot'])).toBe('*** and ***'); // Cyrillic capitals
      expect(masked('ıdіot', ['idiot'])).toBe('*****'); // dotless i, Ukrainian i
    });

    it('full-width, mathematical, circled and ligature forms', () => {
      expect(masked('ＳＣＡＭ')).toBe('****');
      expect(masked('𝐬𝐜𝐚𝐦')).toBe('****');
      expect(masked('ⓢⓒⓐⓜ')).toBe('****');
      expect(masked('ﬁne', ['fine'])).toBe('***');
    });

    it('spacing and punctuation between single letters', () => {
      expect(masked('b a d!', ['bad'])).toBe('*****!');
      expect(masked('b.a.d', ['bad'])).toBe('*****');
      for (const spelled of ['b-a-d', 'b_a_d', 'b*a*d', 'b | a | d', 'b😀a😀d', 'b\na\nd']) expect(masked(`${spelled} ok`, ['bad'])).toBe(`${'*'.repeat([...spelled].length)} ok`);
      expect(masked('s c a m')).toBe('*******');
      expect(masked('傻 瓜')).toBe('***');
      expect(masked('代 开 发 票')).toBe('*******');
    });

    it('spaces inside a word of a script written without spaces', () => {
      expect(masked('代开 发票')).toBe('*****');
    });
  });

  // Whole words for scripts written with spaces; the separator skipping only joins single letters.
  describe('does not produce absurd false positives', () => {
    it('does not find a listed word inside a longer word', () => {
      expect(check('a class act, an assistant, to assess', ['ass']).kind).toBe('clean');
      expect(check('scampi for dinner', ['scam']).kind).toBe('clean');
      expect(masked('you ass!', ['ass'])).toBe('you ***!');
      expect(masked('ASS', ['ass'])).toBe('***');
      expect(masked('a s s', ['ass'])).toBe('*****');
    });

    it('does not join longer words across spaces or punctuation', () => {
      expect(check('look at it', ['tit']).kind).toBe('clean');
      expect(check('the bus exit', ['sex']).kind).toBe('clean');
      expect(check('an alert', ['anal']).kind).toBe('clean');
      expect(check('there is a hole here', ['ahole']).kind).toBe('clean');
      expect(check('c l a s s', ['ass']).kind).toBe('clean');
      expect(check('他很傻，瓜子呢', ['傻瓜']).kind).toBe('clean');
    });

    it('matches inside longer words only where the entry says so with *', () => {
      expect(masked('scammers everywhere', ['scam*'])).toBe('******** everywhere');
      expect(masked('antiscam', ['*scam'])).toBe('********');
      expect(check('scammer', ['*scam']).kind).toBe('clean');
      expect(masked('antiscammer', ['*scam*'])).toBe('***********');
    });

    it('still finds Chinese words anywhere, and Chinese beside Latin', () => {
      expect(masked('他说傻瓜呢')).toBe('他说**呢');
      expect(masked('scam傻瓜')).toBe('******');
    });

    it('matches entries of several words with any separators between them', () => {
      expect(masked('FREE-MONEY now', ['free money'])).toBe('********** now');
      expect(check('freemoney', ['free money']).kind).toBe('clean');
    });
  });
});
