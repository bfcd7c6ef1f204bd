import { BudgetVerdict, SocketBudget, SocketLimits } from './socket-budget';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('gives the burst at once, then refills at the rate, never above the burst', () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(499)).toBe(1);
    expect(bucket.take(500)).toBe(0);
    // An hour idle refills to the burst, not to 7200.
    const later = 3_600_000;
    expect([bucket.take(later), bucket.take(later), bucket.take(later), bucket.take(later)]).toEqual([0, 0, 0, 500]);
  });

  it('takes nothing when refused', () => {
    const bucket = new TokenBucket({ burst: 1, perSecond: 1 }, 0);
    bucket.take(0);
    for (let i = 0; i < 10; i++) expect(bucket.take(0)).toBe(1000);
    expect(bucket.take(1000)).toBe(0);
  });

  it('goes into debt on spend and refuses until it is paid back', () => {
    const bucket = new TokenBucket({ burst: 100, perSecond: 10 }, 0);
    bucket.spend(0, 300);
    expect(bucket.waitMs(0)).toBe(20_100);
    expect(bucket.waitMs(20_100)).toBe(0);
  });

  it('refills nothing when the clock goes back, and nothing twice when it comes forward again', () => {
    const bucket = new TokenBucket({ burst: 2, perSecond: 1 }, 10_000);
    bucket.take(10_000);
    bucket.take(10_000);
    expect(bucket.take(5_000)).toBeGreaterThan(0);
    expect(bucket.take(10_999)).toBe(1);
    expect(bucket.take(11_000)).toBe(0);
    expect(bucket.take(11_000)).toBe(1000);
  });

  it('refuses a rate that would never refill', () => {
    expect(() => new TokenBucket({ burst: 1, perSecond: 0 }, 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ burst: 0, perSecond: 1 }, 0)).toThrow(RangeError);
  });
});

const limits: SocketLimits = {
  frames: {
    chat: { burst: 4, perSecond: 2 },
    like: { burst: 3, perSecond: 1 },
    ping: { burst: 2, perSecond: 1 },
    resume: { burst: 1, perSecond: 0.1 },
  },
  replayEvents: { burst: 100, perSecond: 1 },
  replayBytes: { burst: 10_000, perSecond: 100 },
  refusals: { burst: 3, perSecond: 0.5 },
};

const kinds = (verdicts: BudgetVerdict[]) => verdicts.map((verdict) => verdict.kind);

describe('SocketBudget', () => {
  it('gives each kind of frame its own budget', () => {
    const budget = new SocketBudget(limits, 0);
    expect(kinds([1, 2].map(() => budget.frame('ping', 0)))).toEqual(['served', 'served']);
    expect(budget.frame('ping', 0)).toEqual({ kind: 'refused', retryAfterMs: 1000 });
    // Pings spent say nothing about chat, likes or resumes.
    expect(kinds([1, 2, 3, 4].map(() => budget.frame('chat', 0)))).toEqual(['served', 'served', 'served', 'served']);
    expect(kinds([1, 2, 3].map(() => budget.frame('like', 0)))).toEqual(['served', 'served', 'served']);
    expect(budget.frame('resume', 0)).toEqual({ kind: 'served' });
    expect(budget.frame('resume', 0)).toEqual({ kind: 'refused', retryAfterMs: 10_000 });
  });

  it('closes a socket that keeps sending what it was refused: past the refusal budget it is abusive', () => {
    const budget = new SocketBudget(limits, 0);
    budget.frame('ping', 0);
    budget.frame('ping', 0);
    // Three refusals are answered; the fourth at once is one too many.
    expect(kinds([1, 2, 3, 4].map(() => budget.frame('ping', 0)))).toEqual(['refused', 'refused', 'refused', 'abusive']);
  });

  it('forgives refusals at the refusal rate: a client that backs off is never closed', () => {
    const budget = new SocketBudget(limits, 0);
    // A ping every 750 ms against one a second: one refused every 3 s, within the refusal refill (one per 2 s).
    const verdicts: BudgetVerdict[] = [];
    for (let now = 0; now < 600_000; now += 750) verdicts.push(budget.frame('ping', now));
    expect(kinds(verdicts)).not.toContain('abusive');
    expect(verdicts.filter((v) => v.kind === 'served').length).toBeGreaterThanOrEqual(599);
  });

  it('starts a replay while both replay budgets hold something and charges what it sent, debt included', () => {
    const budget = new SocketBudget(limits, 0);
    expect(budget.replay(0)).toEqual({ kind: 'served' });
    budget.replayed(150, 4_000, 0);
    // 50 events in debt: 51 s until one is there again.
    expect(budget.replay(0)).toEqual({ kind: 'refused', retryAfterMs: 51_000 });
    expect(budget.replay(51_000)).toEqual({ kind: 'served' });
    budget.replayed(1, 20_000, 51_000);
    // Bytes now: 10,000 in debt at 100 a second.
    expect(budget.replay(51_000)).toEqual({ kind: 'refused', retryAfterMs: 100_010 });
  });

  it('serves one replay at a time', () => {
    const budget = new SocketBudget(limits, 0);
    expect(budget.replay(0)).toEqual({ kind: 'served' });
    expect(budget.replay(0)).toEqual({ kind: 'refused', retryAfterMs: 1000 });
    budget.replayed(1, 100, 10);
    expect(budget.replay(10)).toEqual({ kind: 'served' });
  });

  it('bounds what a replay flood gets: the burst, the refill, and one replay beyond', () => {
    const budget = new SocketBudget({ ...limits, refusals: { burst: 1_000_000, perSecond: 1 } }, 0);
    const history = { events: 2000, bytes: 400_000 };
    let sent = 0;
    for (let now = 0; now <= 60_000; now += 10) {
      if (budget.replay(now).kind !== 'served') continue;
      budget.replayed(history.events, history.bytes, now);
      sent += history.bytes;
    }
    // 60 s: 10,000 + 6,000 bytes of budget; each replay is 400,000, so the first one and no other.
    expect(sent).toBe(400_000);
  });
});
