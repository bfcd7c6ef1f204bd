import { randomUUID } from 'node:crypto';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { describeReport } from '@ovation/gift-domain';
import {
  ComboCounter,
  decodeGiftEvent,
  GiftEffectBroadcaster,
  LeaderboardProjector,
  LeaderboardQueries,
  LeaderboardRebuilder,
  OutboxRelay,
  ReconciliationService,
  RelayProducer,
} from '@ovation/gift-server';
import { BatchHandler, EventProducer, RunningConsumer, runConsumer } from '@ovation/kafka';
import { waitFor } from '@ovation/testing';
import { GiftFixture, giftFixture } from './gift-fixture';

const roomEvents = kafkaCodecs[Topics.roomEvents];

describe('outbox relay and gift event consumers (real MariaDB, Kafka, Redis)', () => {
  let fx: GiftFixture;
  let producer: EventProducer;
  const consumers: RunningConsumer[] = [];
  const relayOptions = () => ({ topic: fx.topics.giftEvents, batchSize: 50, lanesPerClaim: 16, idleMs: 20, retryMs: 100 });
  const rooms = [randomUUID(), randomUUID(), randomUUID()];
  const giftEventsSeen: Array<{ roomId: string; orderId: string; offset: string; partition: number }> = [];
  const effects: roomV1.RoomEvent[] = [];

  beforeAll(async () => {
    fx = await giftFixture();
    rooms.forEach((roomId, i) => fx.rooms.rooms.set(roomId, { ownerId: `streamer-${i}`, live: true }));
    producer = new EventProducer(fx.kafka);
    await producer.connect();
    // What every viewer would see: the room event stream, read directly.
    consumers.push(
      await runConsumer(fx.kafka, {
        groupId: `${fx.namespace}.spec.viewer`,
        topics: [fx.topics.roomEvents],
        fromBeginning: true,
        handler: async (m) => void effects.push(roomEvents.decode(m.value!)),
      }),
      await runConsumer(fx.kafka, {
        groupId: `${fx.namespace}.spec.raw`,
        topics: [fx.topics.giftEvents],
        fromBeginning: true,
        handler: async (m) => {
          const event = decodeGiftEvent(m.value!);
          giftEventsSeen.push({ roomId: event.roomId, orderId: event.giftSent!.orderId, offset: m.offset, partition: m.partition });
        },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer?.disconnect();
    await fx?.close();
  }, 60_000);

  it('publishes every order once per relay success, in order per room, with several relays at once; a crash before marking republishes and consumers drop the copy', async () => {
    await fx.wallets.recharge('fan', '100000', `recharge-${randomUUID()}`);
    const orders: Array<{ roomId: string; orderId: string }> = [];
    for (let i = 0; i < 60; i += 1) {
      const roomId = rooms[i % rooms.length];
      const result = await fx.sends.send({ senderId: 'fan', senderName: 'Fan', roomId, giftId: i % 5 === 0 ? 'heart' : 'rose', count: 1, idempotencyKey: `tap-${i}-${randomUUID()}` });
      orders.push({ roomId, orderId: result.orderId });
    }

    // A relay that "crashes" after Kafka acknowledged its first batch, before marking it published.
    const crashing = new OutboxRelay(fx.dataSource, new RelayProducer(fx.kafka, 5_000), {
      ...relayOptions(),
      batchSize: 10,
      afterPublish: () => {
        throw new Error('simulated crash between publish and mark');
      },
    });
    await expect(crashing.relayOnce()).rejects.toThrow('simulated crash');
    await crashing.stop();

    const relays = [1, 2, 3].map(() => new OutboxRelay(fx.dataSource, new RelayProducer(fx.kafka, 5_000), { ...relayOptions(), batchSize: 7, lanesPerClaim: 4 }));
    relays.forEach((relay) => relay.start());
    await waitFor(async () => ((await relays[0].measureLag()).pending === 0 ? true : undefined), 20_000, 'the outbox to drain');
    await Promise.all(relays.map((relay) => relay.stop()));

    await waitFor(() => (new Set(giftEventsSeen.map((e) => e.orderId)).size === orders.length ? true : undefined), 20_000, 'every gift event');
    // The crashed batch went out twice, nothing else did.
    expect(giftEventsSeen.length).toBe(orders.length + 10);
    for (const roomId of rooms) {
      const published = giftEventsSeen.filter((e) => e.roomId === roomId);
      const firstSeen = [...new Map(published.map((e) => [e.orderId, e])).keys()];
      // Unique orders in first-seen order equal the send order (the copies repeat a prefix).
      expect(firstSeen.filter((id, i) => firstSeen.indexOf(id) === i)).toEqual(orders.filter((o) => o.roomId === roomId).map((o) => o.orderId));
    }

    // Consumers: effects (with combos) and leaderboards.
    const broadcaster = new GiftEffectBroadcaster(fx.dataSource, producer, fx.topics.roomEvents, new ComboCounter(fx.redis, 60_000));
    const projector = new LeaderboardProjector(fx.redis);
    const consume = async (group: string, handle: BatchHandler) => {
      const handled = { count: 0 };
      consumers.push(
        await runConsumer(fx.kafka, {
          groupId: `${fx.namespace}.${group}`,
          topics: [fx.topics.giftEvents],
          fromBeginning: true,
          batchHandler: async (messages) => {
            await handle(messages);
            handled.count += messages.length;
          },
        }),
      );
      return handled;
    };
    await consume('effects', (messages) => broadcaster.handle(messages));
    await consume('leaderboards', (messages) => projector.handle(messages));
    const reconciliation = new ReconciliationService(fx.dataSource);
    await waitFor(async () => (describeReport(await reconciliation.reconcile({ graceMs: 0 })).length === 0 ? true : undefined), 30_000, 'a clean reconciliation');

    // Replaying the whole stream (a reset group, a rebalance) shows and counts nothing twice.
    const replays = [await consume('effects-replay', (messages) => broadcaster.handle(messages)), await consume('leaderboards-replay', (messages) => projector.handle(messages))];
    await waitFor(() => (replays.every((r) => r.count === giftEventsSeen.length) ? true : undefined), 30_000, 'the replays');

    await waitFor(() => (effects.filter((e) => e.gift).length >= orders.length ? true : undefined), 20_000, 'every gift effect');
    const giftEffects = effects.filter((e) => e.gift);
    expect(giftEffects).toHaveLength(orders.length);
    expect(new Set(giftEffects.map((e) => e.gift!.orderId)).size).toBe(orders.length);
    // Combos: in room 0, "rose" runs between hearts count up; a heart resets.
    const room0 = giftEffects.filter((e) => e.roomId === rooms[0]).map((e) => `${e.gift!.giftId}×${e.gift!.combo}`);
    expect(room0.slice(0, 6)).toEqual(['heart×1', 'rose×1', 'rose×2', 'rose×3', 'rose×4', 'heart×1']);

    const queries = new LeaderboardQueries(fx.redis);
    await waitFor(async () => ((await queries.streamers('all', 10)).length === 3 ? true : undefined), 10_000, 'the streamer ranking');
    const expectedRoom0 = BigInt(orders.filter((o) => o.roomId === rooms[0]).length - 4) + 4n * 50n;
    expect(await queries.room(rooms[0], 10)).toEqual([{ rank: 1, userId: 'fan', displayName: 'Fan', totalValue: expectedRoom0 }]);
    const ranking = await queries.streamers('day', 10);
    expect(ranking.map((r) => r.totalValue).reduce((a, b) => a + b, 0n)).toBe(BigInt(48 + 12 * 50));

    // Rebuilt from MySQL after Redis lost everything: the same boards.
    const before = await queries.streamers('week', 10);
    await fx.redis.del('gift:lb:streamers:all', 'gift:lb:room:' + rooms[0]);
    await fx.redis.del(...(await queries.streamers('week', 10)).map(() => 'gift:lb:names'));
    const summary = await new LeaderboardRebuilder(fx.dataSource, fx.redis).rebuild();
    expect(summary.orders).toBe(orders.length);
    expect(await queries.streamers('week', 10)).toEqual(before);
    expect(await queries.room(rooms[0], 10)).toEqual([{ rank: 1, userId: 'fan', displayName: 'Fan', totalValue: expectedRoom0 }]);
  }, 120_000);
});
