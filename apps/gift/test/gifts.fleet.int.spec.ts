import { randomUUID } from 'node:crypto';
import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { Api, apiOf, liveRoom, watchGiftEffects } from './fleet-helpers';

describe('gifts through the gateway (built fleet: room, gift, gateway)', () => {
  let fleet: TestFleet;
  let api: Api;
  let viewer: Awaited<ReturnType<typeof watchGiftEffects>>;
  let roomId: string;
  let alice: string;
  let admin: string;

  beforeAll(async () => {
    fleet = await startTestFleet({ portOffset: 5500, only: ['room', 'gift', 'gateway'], env: { DEV_RECHARGE_ENABLED: 'true' } });
    api = apiOf(fleet);
    alice = await api.token('alice', 'viewer');
    admin = await api.token('ops', 'admin');
    roomId = await liveRoom(fleet, api, await api.token('streamer-sam', 'streamer'));
    viewer = await watchGiftEffects(fleet);
  }, 120_000);

  afterAll(async () => {
    await viewer?.stop();
    await fleet?.stop();
  }, 60_000);

  const send = (body: object, token = alice, room = roomId) =>
    api.call<{ orderId: string; balance: string; duplicate: boolean; error?: { code: string; field?: string } }>('POST', `/v1/rooms/${room}/gifts`, token, body);

  it('tops up once per key, sends, answers a retry with the first order, and shows the effect after the call returned', async () => {
    const topUp = { amount: '100', idempotencyKey: `pay-${randomUUID()}` };
    expect((await api.call('POST', '/v1/wallets/alice/recharges', alice, topUp)).body).toMatchObject({ balance: '100', duplicate: false });
    expect((await api.call('POST', '/v1/wallets/alice/recharges', alice, topUp)).body).toMatchObject({ balance: '100', duplicate: true });
    expect((await api.call('POST', '/v1/wallets/bob/recharges', alice, topUp)).status).toBe(403);

    const key = `tap-${randomUUID()}`;
    const first = await send({ giftId: 'heart', count: 1, idempotencyKey: key });
    const retry = await send({ giftId: 'heart', count: 1, idempotencyKey: key });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ balance: '50', duplicate: false });
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    const effect = await waitFor(() => viewer.effects.find((e) => e.gift!.orderId === first.body.orderId), 20_000, 'the gift effect');
    expect(effect).toMatchObject({ roomId, gift: { giftId: 'heart', senderId: 'alice', count: 1, combo: 1, totalValue: '50' } });
    expect((await api.call<{ balance: string }>('GET', '/v1/wallets/me', alice)).body.balance).toBe('50');
  }, 60_000);

  it('refuses with clear 4xx errors, and a failed send never shows an effect', async () => {
    const offline = (await api.call<{ id: string }>('POST', '/v1/rooms', await api.token('streamer-off', 'streamer'), { title: 'Not live yet' })).body.id;
    const key = () => `tap-${randomUUID()}`;

    const refusals = [
      await send({ giftId: 'rocket', count: 1, idempotencyKey: key() }),
      await send({ giftId: 'unicorn', count: 1, idempotencyKey: key() }),
      await send({ giftId: 'rose', count: 0, idempotencyKey: key() }),
      await send({ giftId: 'rose', count: 1, idempotencyKey: key() }, alice, offline),
      await send({ giftId: 'rose', count: 1, idempotencyKey: key() }, await api.token('guest-ish', 'guest' as never)),
    ];

    expect(refusals.map((r) => [r.status, r.body.error?.code])).toEqual([
      [409, 'insufficient_balance'],
      [404, 'gift_not_found'],
      [400, 'invalid_argument'],
      [409, 'room_not_live'],
      [403, expect.any(String)],
    ]);
    expect(refusals[2].body.error?.field).toBe('count');

    // An effect that follows in the same room's order proves nothing of the failed ones came before it.
    const marker = await send({ giftId: 'rose', count: 1, idempotencyKey: key() });
    await waitFor(() => viewer.effects.find((e) => e.gift!.orderId === marker.body.orderId), 20_000, 'the marker effect');
    const { entries } = (await api.call<{ entries: Array<{ orderId: string; kind: string }> }>('GET', '/v1/wallets/me/ledger?limit=100', alice)).body;
    const orderIds = new Set(entries.filter((e) => e.kind === 'gift_sent').map((e) => e.orderId));
    expect(viewer.effects.map((e) => e.gift!.orderId).sort()).toEqual([...orderIds].sort());
  }, 60_000);

  it('lets admins edit the catalog: a disabled gift cannot be sent', async () => {
    const gift = { name: 'Comet', price: '3', tier: 'animated', comboAble: true };
    expect((await api.call('PUT', '/v1/admin/gifts/comet', alice, gift)).status).toBe(403);
    expect((await api.call('PUT', '/v1/admin/gifts/comet', admin, gift)).body).toMatchObject({ id: 'comet', price: '3', tier: 'animated', enabled: true });
    expect((await api.call('PUT', '/v1/admin/gifts/comet', admin, { ...gift, price: '2.5' })).body).toMatchObject({ error: { field: 'price' } });
    await waitFor(async () => ((await api.call<{ gifts: Array<{ id: string }> }>('GET', '/v1/gifts')).body.gifts.some((g) => g.id === 'comet') ? true : undefined), 5_000, 'comet in the catalog');

    expect((await api.call('POST', '/v1/admin/gifts/comet/disable', admin)).body).toMatchObject({ enabled: false });
    // The send path caches the catalog for CATALOG_CACHE_MS (1 s by default).
    await waitFor(async () => ((await send({ giftId: 'comet', count: 1, idempotencyKey: `tap-${randomUUID()}` })).status === 404 ? true : undefined), 5_000, 'comet to be refused');
    expect((await api.call('POST', '/v1/admin/gifts/nothing/disable', admin)).status).toBe(404);
  }, 60_000);

  it('ranks contributors and streamers, pages the ledger, and reconciles clean', async () => {
    await api.call('POST', '/v1/wallets/carol/recharges', await api.token('carol', 'viewer'), { amount: '1000', idempotencyKey: `pay-${randomUUID()}` });
    const carol = await api.token('carol', 'viewer');
    for (let i = 0; i < 3; i += 1) await send({ giftId: 'heart', count: 1, idempotencyKey: `tap-${randomUUID()}` }, carol);

    const board = await waitFor(async () => {
      const { body } = await api.call<{ entries: Array<{ userId: string; totalValue: string }> }>('GET', `/v1/rooms/${roomId}/leaderboard?limit=5`);
      return body.entries[0]?.totalValue === '150' ? body.entries : undefined;
    }, 20_000, 'the room leaderboard');
    expect(board.map((e) => e.userId)).toEqual(['carol', 'alice']);
    const ranking = (await api.call<{ entries: Array<{ userId: string; totalValue: string }> }>('GET', '/v1/rankings/streamers?period=week')).body.entries;
    expect(ranking[0]).toMatchObject({ userId: 'streamer-sam' });
    expect((await api.call('GET', '/v1/rankings/streamers?period=year')).status).toBe(400);

    const page1 = (await api.call<{ entries: unknown[]; nextCursor: string }>('GET', '/v1/wallets/me/ledger?limit=2', carol)).body;
    const page2 = (await api.call<{ entries: unknown[]; nextCursor: string }>('GET', `/v1/wallets/me/ledger?limit=2&cursor=${page1.nextCursor}`, carol)).body;
    expect([page1.entries.length, page2.entries.length, page2.nextCursor]).toEqual([2, 2, '']);

    expect((await api.call('POST', '/v1/admin/reconciliation', alice)).status).toBe(403);
    const report = await waitFor(async () => {
      const { body } = await api.call<{ clean: boolean }>('POST', '/v1/admin/reconciliation?graceMs=0', admin);
      return body.clean ? body : undefined;
    }, 20_000, 'a clean reconciliation');
    expect(report).toMatchObject({ clean: true, ordersChecked: 5, ledgerTotal: '0', mismatches: [], orderDiscrepancies: [] });
  }, 60_000);
});
