import { randomUUID } from 'node:crypto';
import { describeReport, isClean } from '@ovation/gift-domain';
import { LeaderboardQueries, LeaderboardRebuilder, ReconciliationService } from '@ovation/gift-server';
import { GiftFixture, giftFixture } from './gift-fixture';

describe('SendGift against the real MariaDB', () => {
  let fx: GiftFixture;
  const roomId = randomUUID();

  beforeAll(async () => {
    fx = await giftFixture();
    fx.rooms.rooms.set(roomId, { ownerId: 'streamer-1', live: true });
  }, 60_000);
  afterAll(() => fx?.close());

  const send = (senderId: string, key: string, giftId = 'lollipop', count = 1) =>
    fx.sends.send({ senderId, senderName: senderId, roomId, giftId, count, idempotencyKey: key });

  it('lets exactly balance / price of hundreds of parallel sends through, and never overdraws', async () => {
    await fx.wallets.recharge('viewer-race', '250', `recharge-${randomUUID()}`);

    const results = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => send('viewer-race', `race-${i}-${randomUUID()}`)));

    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(25);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason.reason === 'insufficient_balance')).toBe(true);
    expect(await fx.wallets.balance('viewer-race')).toBe(0n);
    const balances = ok.map((r) => (r as PromiseFulfilledResult<{ balance: bigint }>).value.balance).sort((a, b) => Number(a - b));
    expect(balances).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i * 10)));
    expect(await fx.wallets.balance('streamer-1')).toBe(250n);
  }, 60_000);

  it('charges once for concurrent and sequential retries of one key, answering each with the first order', async () => {
    await fx.wallets.recharge('viewer-retry', '100', `recharge-${randomUUID()}`);
    const key = `tap-${randomUUID()}`;

    const concurrent = await Promise.all(Array.from({ length: 40 }, () => send('viewer-retry', key, 'heart')));
    const later = await send('viewer-retry', key, 'heart');

    const orderIds = new Set([...concurrent, later].map((r) => r.orderId));
    expect(orderIds.size).toBe(1);
    expect(concurrent.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(later).toEqual({ orderId: [...orderIds][0], balance: 50n, duplicate: true });
    expect([...concurrent, later].every((r) => r.balance === 50n)).toBe(true);
    expect(await fx.wallets.balance('viewer-retry')).toBe(50n);
  }, 60_000);

  it('answers a retry with the first order even after the room stopped being live', async () => {
    const ending = randomUUID();
    fx.rooms.rooms.set(ending, { ownerId: 'streamer-3', live: true });
    await fx.wallets.recharge('viewer-late', '100', `recharge-${randomUUID()}`);
    const key = `tap-${randomUUID()}`;
    const first = await fx.sends.send({ senderId: 'viewer-late', senderName: 'Late', roomId: ending, giftId: 'heart', count: 1, idempotencyKey: key });

    fx.rooms.rooms.set(ending, { ownerId: 'streamer-3', live: false });
    const retried = await fx.sends.send({ senderId: 'viewer-late', senderName: 'Late', roomId: ending, giftId: 'heart', count: 1, idempotencyKey: key });

    expect(retried).toEqual({ ...first, duplicate: true });
    await expect(fx.sends.send({ senderId: 'viewer-late', senderName: 'Late', roomId: ending, giftId: 'heart', count: 1, idempotencyKey: `tap-${randomUUID()}` })).rejects.toMatchObject({ reason: 'room_not_live' });
    expect(await fx.wallets.balance('viewer-late')).toBe(50n);
  });

  it('refuses a key reused for a different send', async () => {
    await fx.wallets.recharge('viewer-reuse', '100', `recharge-${randomUUID()}`);
    const key = `tap-${randomUUID()}`;
    await send('viewer-reuse', key, 'rose', 1);

    await expect(send('viewer-reuse', key, 'rose', 2)).rejects.toMatchObject({ reason: 'idempotency_key_reused' });
  });

  it('names each refusal: unknown gift, room not live, short balance, count out of range, own room', async () => {
    const offline = randomUUID();
    fx.rooms.rooms.set(offline, { ownerId: 'streamer-2', live: false });
    await fx.wallets.recharge('viewer-errors', '5', `recharge-${randomUUID()}`);
    const key = () => `tap-${randomUUID()}`;

    await expect(send('viewer-errors', key(), 'unicorn')).rejects.toMatchObject({ kind: 'not_found', reason: 'gift_not_found' });
    await expect(fx.sends.send({ senderId: 'viewer-errors', senderName: '', roomId: offline, giftId: 'rose', count: 1, idempotencyKey: key() })).rejects.toMatchObject({
      kind: 'failed_precondition',
      reason: 'room_not_live',
    });
    await expect(send('viewer-errors', key(), 'rocket')).rejects.toMatchObject({ kind: 'failed_precondition', reason: 'insufficient_balance' });
    await expect(send('viewer-errors', key(), 'rose', 0)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'count' });
    await expect(send('streamer-1', key(), 'rose')).rejects.toMatchObject({ reason: 'own_room' });
    expect(await fx.wallets.balance('viewer-errors')).toBe(5n);
  });

  it('tells keys apart by case: two sends, two charges', async () => {
    await fx.wallets.recharge('viewer-case', '100', `recharge-${randomUUID()}`);
    const key = `Tap-${randomUUID()}`;
    const upper = await send('viewer-case', key, 'rose');
    const lower = await send('viewer-case', key.toLowerCase(), 'heart');
    expect([upper.duplicate, lower.duplicate]).toEqual([false, false]);
    expect(lower.orderId).not.toBe(upper.orderId);
    expect(await fx.wallets.balance('viewer-case')).toBe(49n);
    const [first, second] = await Promise.all([fx.wallets.recharge('viewer-case', '1', `Pay-${key}`), fx.wallets.recharge('viewer-case', '1', `pay-${key.toLowerCase()}`)]);
    expect([first.duplicate, second.duplicate]).toEqual([false, false]);
  });

  describe('user ids compare byte for byte', () => {
    const key = () => `tap-${randomUUID()}`;
    const sendTo = (room: string, senderId: string, giftId: string) => fx.sends.send({ senderId, senderName: senderId, roomId: room, giftId, count: 1, idempotencyKey: key() });

    it("gives DEMO its own empty wallet: demo's balance and ledger are not DEMO's", async () => {
      await fx.wallets.recharge('demo', '100', key());

      expect(await fx.wallets.wallet('DEMO')).toEqual({ userId: 'DEMO', balance: 0n, updatedAt: 0 });
      expect((await fx.wallets.ledger('DEMO', '', 10)).entries).toEqual([]);
      await fx.wallets.recharge('DEMO', '7', key());
      expect([await fx.wallets.balance('demo'), await fx.wallets.balance('DEMO')]).toEqual([100n, 7n]);
    });

    it('never debits rvw-payer for a gift RVW-PAYER sends', async () => {
      await fx.wallets.recharge('rvw-payer', '100', key());

      await expect(sendTo(roomId, 'RVW-PAYER', 'heart')).rejects.toMatchObject({ reason: 'insufficient_balance' });
      await fx.wallets.recharge('RVW-PAYER', '10', key());
      expect(await sendTo(roomId, 'RVW-PAYER', 'lollipop')).toMatchObject({ balance: 0n, duplicate: false });
      expect([await fx.wallets.balance('rvw-payer'), await fx.wallets.balance('RVW-PAYER')]).toEqual([100n, 0n]);
      expect((await fx.wallets.ledger('rvw-payer', '', 10)).entries.map((entry) => entry.kind)).toEqual(['recharge']);
    });

    it("takes RVW-OWNER2 gifting rvw-owner2's room for another account: paid from its own wallet, never the owner's", async () => {
      const ownRoom = randomUUID();
      fx.rooms.rooms.set(ownRoom, { ownerId: 'rvw-owner2', live: true });
      await fx.wallets.recharge('rvw-owner2', '100', key());

      await expect(sendTo(ownRoom, 'rvw-owner2', 'heart')).rejects.toMatchObject({ kind: 'permission_denied', reason: 'own_room' });
      await expect(sendTo(ownRoom, 'RVW-OWNER2', 'heart')).rejects.toMatchObject({ reason: 'insufficient_balance' });
      expect(await fx.wallets.balance('rvw-owner2')).toBe(100n);

      await fx.wallets.recharge('RVW-OWNER2', '50', key());
      await sendTo(ownRoom, 'RVW-OWNER2', 'heart');
      expect([await fx.wallets.balance('RVW-OWNER2'), await fx.wallets.balance('rvw-owner2')]).toEqual([0n, 150n]);
    });

    it('ranks case variants as the different users they are', async () => {
      const [starRoom, variantRoom] = [randomUUID(), randomUUID()];
      fx.rooms.rooms.set(starRoom, { ownerId: 'rvw-star', live: true });
      fx.rooms.rooms.set(variantRoom, { ownerId: 'RVW-STAR', live: true });
      await fx.wallets.recharge('rvw-fan', '100', key());
      await fx.wallets.recharge('RVW-FAN', '100', key());
      await sendTo(starRoom, 'rvw-fan', 'heart');
      await sendTo(starRoom, 'RVW-FAN', 'lollipop');
      await sendTo(variantRoom, 'rvw-fan', 'rose');

      // The boards as the rebuild computes them from the orders in MySQL.
      await new LeaderboardRebuilder(fx.dataSource, fx.redis).rebuild();
      const boards = new LeaderboardQueries(fx.redis);
      expect((await boards.room(starRoom, 10)).map((entry) => [entry.userId, entry.totalValue])).toEqual([
        ['rvw-fan', 50n],
        ['RVW-FAN', 10n],
      ]);
      const streamers = new Map((await boards.streamers('all', 100)).map((entry) => [entry.userId, entry.totalValue]));
      expect([streamers.get('rvw-star'), streamers.get('RVW-STAR')]).toEqual([60n, 1n]);
    });

    it.each([
      ['surrounding whitespace', ' demo'],
      ['a zero-width space', 'de\u200bmo'],
      ['a control character', 'demo\u0000'],
      ['a decomposed letter (not NFC)', 'Zoe\u0308'],
      ['more than 64 bytes', 'd'.repeat(65)],
    ])('refuses a user or room id with %s, naming the field, and moves no money', async (_case, id) => {
      const entries = async () => ((await fx.dataSource.query('SELECT COUNT(*) AS n FROM ledger_entries')) as Array<{ n: string }>)[0].n;
      const before = await entries();
      await expect(sendTo(roomId, id, 'rose')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'sender' });
      await expect(sendTo(id, 'viewer-retry', 'rose')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'roomId' });
      await expect(fx.wallets.recharge(id, '5', key())).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
      await expect(fx.wallets.wallet(id)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
      await expect(fx.wallets.ledger(id, '', 10)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
      await expect(new LeaderboardQueries(fx.redis).room(id, 10)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'roomId' });
      await expect(new ReconciliationService(fx.dataSource).reconcile({ userIds: [id] })).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userIds' });
      expect(await entries()).toBe(before);
    });
  });

  it('records a recharge once per key, balanced against the payments account', async () => {
    const key = `payment-${randomUUID()}`;
    const [first, second] = await Promise.all([fx.wallets.recharge('viewer-topup', '70', key), fx.wallets.recharge('viewer-topup', '70', key)]);

    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(first.balance).toBe(70n);
    expect(second.balance).toBe(70n);
    await expect(fx.wallets.recharge('viewer-topup', '71', key)).rejects.toMatchObject({ reason: 'idempotency_key_reused' });
  });

  it('keeps the books: ledger sums equal balances, every order has one balanced pair and one outbox row', async () => {
    const report = await new ReconciliationService(fx.dataSource).reconcile({ graceMs: 0, requireEffects: false });

    expect(describeReport(report)).toEqual(
      // Nothing was relayed in this spec, so every order's event is (rightly) still unpublished.
      report.orderDiscrepancies.map((d) => `order ${d.orderId}: event not published`),
    );
    expect(report.orderDiscrepancies.length).toBe(report.ordersChecked);
    expect(isClean({ ...report, orderDiscrepancies: [] })).toBe(true);
    expect(report.walletsChecked).toBeGreaterThan(5);
  });

  it('pages the ledger newest first', async () => {
    const first = await fx.wallets.ledger('viewer-race', '', 10);
    const second = await fx.wallets.ledger('viewer-race', first.nextCursor, 10);
    const rest = await fx.wallets.ledger('viewer-race', second.nextCursor, 10);

    const all = [...first.entries, ...second.entries, ...rest.entries];
    expect(all).toHaveLength(26);
    expect(rest.nextCursor).toBe('');
    expect(all[0]).toMatchObject({ kind: 'gift_sent', amount: -10n, balanceAfter: 0n });
    expect(all[25]).toMatchObject({ kind: 'recharge', amount: 250n, balanceAfter: 250n });
  });
});
