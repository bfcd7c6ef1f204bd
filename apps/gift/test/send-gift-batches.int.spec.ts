import { randomUUID } from 'node:crypto';
import { GiftMetrics, SendGiftService } from '@ovation/gift-server';
import type { QueryRunner } from 'typeorm';
import { Registry } from 'prom-client';
import { GiftFixture, giftFixture } from './gift-fixture';

/** Orders placed together (group commit): each one's outcome is its own. */
describe('SendGift group commit against the real MariaDB', () => {
  let fx: GiftFixture;
  let metrics: GiftMetrics;
  let sends: SendGiftService;
  const roomId = randomUUID();

  beforeAll(async () => {
    fx = await giftFixture();
    fx.rooms.rooms.set(roomId, { ownerId: 'streamer-batch', live: true });
    metrics = new GiftMetrics(new Registry());
    sends = new SendGiftService(fx.dataSource, fx.catalog, fx.rooms, { metrics });
  }, 60_000);
  afterAll(() => fx?.close());

  const send = (senderId: string, idempotencyKey: string, room = roomId) => sends.send({ senderId, senderName: senderId, roomId: room, giftId: 'lollipop', count: 1, idempotencyKey });
  /** How many transactions so far carried more than `size` orders (from the batch-size histogram). */
  const batchesLargerThan = async (size: number) => {
    const { values } = await metrics.sendBatchSize.get();
    const count = values.find((v) => v.metricName?.endsWith('_count'))!.value;
    const atMost = values.find((v) => v.metricName?.endsWith('_bucket') && v.labels.le === size)!.value;
    return count - atMost;
  };

  it('places orders that arrive while a transaction commits together, each with its own outcome', async () => {
    await Promise.all([
      fx.wallets.recharge('batch-rich', '100', `recharge-${randomUUID()}`),
      fx.wallets.recharge('batch-poor', '5', `recharge-${randomUUID()}`),
      fx.wallets.recharge('batch-other', '30', `recharge-${randomUUID()}`),
    ]);
    const usedKey = `used-${randomUUID()}`;
    const first = await send('batch-rich', usedKey);
    const twinKey = `twin-${randomUUID()}`;

    // The first goes alone; the rest queue behind it and go together.
    const [opener, rich, poor, retried, twinA, twinB, other] = await Promise.allSettled([
      send('batch-other', `open-${randomUUID()}`),
      send('batch-rich', `rich-${randomUUID()}`),
      send('batch-poor', `poor-${randomUUID()}`),
      send('batch-rich', usedKey),
      send('batch-rich', twinKey),
      send('batch-rich', twinKey),
      send('batch-other', `other-${randomUUID()}`),
    ]);

    expect(await batchesLargerThan(4)).toBe(1);
    const value = <T>(r: PromiseSettledResult<T>) => (r as PromiseFulfilledResult<T>).value;
    expect(opener.status).toBe('fulfilled');
    expect(value(rich)).toMatchObject({ duplicate: false });
    expect(poor).toMatchObject({ status: 'rejected', reason: { reason: 'insufficient_balance' } });
    expect(value(retried)).toEqual({ ...first, duplicate: true });
    expect([value(twinA).duplicate, value(twinB).duplicate].sort()).toEqual([false, true]);
    expect(value(twinA).orderId).toBe(value(twinB).orderId);
    expect(value(other)).toMatchObject({ duplicate: false, balance: 10n });
    // rich: 100 − first − one new − the twin's one order; other: 30 − 2; poor untouched.
    expect(await fx.wallets.balance('batch-rich')).toBe(70n);
    expect(await fx.wallets.balance('batch-poor')).toBe(5n);
    expect(await fx.wallets.balance('batch-other')).toBe(10n);
    expect(await fx.wallets.balance('streamer-batch')).toBe(50n);
    const [{ orders }] = await fx.dataSource.query('SELECT COUNT(*) AS orders FROM gift_orders WHERE receiver_id = ?', ['streamer-batch']);
    const [{ outbox }] = await fx.dataSource.query('SELECT COUNT(*) AS outbox FROM gift_outbox WHERE room_id = ?', [roomId]);
    const [{ postings }] = await fx.dataSource.query("SELECT COUNT(*) AS postings FROM ledger_entries WHERE kind IN ('gift_sent', 'gift_received') AND account_id IN ('batch-rich', 'batch-poor', 'batch-other', 'streamer-batch')");
    expect([Number(orders), Number(outbox), Number(postings)]).toEqual([5, 5, 10]);
  }, 60_000);

  it('places a batch that fails as a whole again order by order, so only the bad order fails', async () => {
    // An owner id too long for the wallets table: crediting it fails the statement (strict mode).
    const brokenRoom = randomUUID();
    fx.rooms.rooms.set(brokenRoom, { ownerId: 'x'.repeat(80), live: true });
    await fx.wallets.recharge('batch-mixed', '100', `recharge-${randomUUID()}`);

    const [opener, good, bad, alsoGood] = await Promise.allSettled([
      send('batch-mixed', `open-${randomUUID()}`),
      send('batch-mixed', `good-${randomUUID()}`),
      send('batch-mixed', `bad-${randomUUID()}`, brokenRoom),
      send('batch-mixed', `good-${randomUUID()}`),
    ]);

    expect([opener.status, good.status, alsoGood.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('Data too long') } });
    expect(await fx.wallets.balance('batch-mixed')).toBe(70n);
    const [{ orders }] = await fx.dataSource.query('SELECT COUNT(*) AS orders FROM gift_orders WHERE sender_id = ?', ['batch-mixed']);
    expect(Number(orders)).toBe(3);
    const { values } = await metrics.sends.get();
    expect(values.find((v) => v.labels.outcome === 'error')?.value).toBe(1);
  }, 60_000);

  describe('while another transaction holds a wallet row', () => {
    let holder: QueryRunner;
    const hold = async (userId: string) => {
      holder = fx.dataSource.createQueryRunner();
      await holder.connect();
      await holder.query('START TRANSACTION');
      await holder.query('SELECT balance FROM wallets WHERE user_id = ? FOR UPDATE', [userId]);
    };
    afterEach(async () => {
      await holder?.query('ROLLBACK').catch(() => undefined);
      await holder?.release();
    });

    it('places the other senders’ orders of its batch, and fails only the one that needs the held wallet', async () => {
      const patient = new SendGiftService(fx.dataSource, fx.catalog, fx.rooms, { lockWaitTimeoutSeconds: 1 });
      const sendWith = (senderId: string) => patient.send({ senderId, senderName: senderId, roomId, giftId: 'lollipop', count: 1, idempotencyKey: `held-${randomUUID()}` });
      await Promise.all(['held-a', 'held-b', 'held-c'].map((user) => fx.wallets.recharge(user, '100', `recharge-${randomUUID()}`)));
      await hold('held-a');

      const [opener, locked, free] = await Promise.allSettled([sendWith('held-c'), sendWith('held-a'), sendWith('held-b')]);

      expect(opener.status).toBe('fulfilled');
      expect(free.status).toBe('fulfilled');
      expect(locked).toMatchObject({ status: 'rejected', reason: { kind: 'unavailable', reason: 'wallet_busy' } });
      // Decided while the lock was still held, and no money moved for the refused order.
      expect(holder.isReleased).toBe(false);
      await holder.query('ROLLBACK');
      expect(await fx.wallets.balance('held-a')).toBe(100n);
      expect(await fx.wallets.balance('held-b')).toBe(90n);
    }, 30_000);

    it('does not hold a send up before the queue while a batch holds its receiver’s wallet', async () => {
      const fresh = new SendGiftService(fx.dataSource, fx.catalog, fx.rooms, { lockWaitTimeoutSeconds: 1 });
      await fx.wallets.recharge('held-receiver-fan', '100', `recharge-${randomUUID()}`);
      // What a batch paying the streamer does while it waits for one of its senders' wallets.
      await hold('streamer-batch');

      const started = Date.now();
      const outcome = fresh.send({ senderId: 'held-receiver-fan', senderName: 'fan', roomId, giftId: 'lollipop', count: 1, idempotencyKey: `fan-${randomUUID()}` });

      // Refused after the batch's own 1 s wait, not after the server's lock wait (50 s) in front of the queue.
      await expect(outcome).rejects.toMatchObject({ kind: 'unavailable', reason: 'wallet_busy' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await fx.wallets.balance('held-receiver-fan')).toBe(100n);
    }, 30_000);

    it('turns sends away as unavailable once too many wait, and fails a batch’s orders on a held wallet without waiting again', async () => {
      const bounded = new SendGiftService(fx.dataSource, fx.catalog, fx.rooms, { lockWaitTimeoutSeconds: 3, maxWaiting: 2 });
      await fx.wallets.recharge('stuck', '100', `recharge-${randomUUID()}`);
      await hold('stuck');
      const sendAs = () => bounded.send({ senderId: 'stuck', senderName: 'stuck', roomId, giftId: 'lollipop', count: 1, idempotencyKey: `stuck-${randomUUID()}` });

      const started = Date.now();
      const outcomes = await Promise.allSettled([sendAs(), sendAs(), sendAs(), sendAs()]);

      // One in the stalled transaction, two waiting, the last to arrive refused at once.
      const reasons = outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as { reason?: string }).reason : 'placed'));
      expect(reasons.sort()).toEqual(['sends_backlogged', 'wallet_busy', 'wallet_busy', 'wallet_busy']);
      // Two waits of 3 s (the first order, then the batch of two), not four: the batch's orders
      // failed at once instead of each waiting again.
      expect(Date.now() - started).toBeLessThan(10_500);
      expect(await fx.wallets.balance('stuck')).toBe(100n);
    }, 30_000);
  });
});
