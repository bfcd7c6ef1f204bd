import { RunningProcess, ServiceInstance, startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { Api, apiOf, CRASH_FLEET_ENV, expectBooksClean, liveRoom, sendUntilBroke, topUp, watchGiftEffectsOnSocket } from './fleet-helpers';

const PORT_OFFSET = 5600;
const gift = { name: 'gift', app: 'gift', ports: { GRPC_PORT: 50052, OPS_PORT: 9403 } };
// A second gift process of the same fleet (same database), only relaying: its own ports.
const relayOnly = { name: 'gift-relay', app: 'gift', ports: { GRPC_PORT: 50062, OPS_PORT: 9413 } };

describe('gifts survive crashes and a broker outage (built fleet)', () => {
  let fleet: TestFleet;
  let api: Api;
  let viewer: Awaited<ReturnType<typeof watchGiftEffectsOnSocket>>;
  let roomId: string;
  const extra: RunningProcess[] = [];
  const start = async (service: ServiceInstance, env: Record<string, string> = {}) => {
    const running = await fleet.startInstance(service, env);
    extra.push(running);
    return running;
  };

  beforeAll(async () => {
    fleet = await startTestFleet({ portOffset: PORT_OFFSET, only: ['room', 'gift', 'gateway', 'danmaku-push-1'], env: CRASH_FLEET_ENV });
    api = apiOf(fleet);
    roomId = await liveRoom(fleet, api, await api.token('streamer-kim', 'streamer'));
    viewer = await watchGiftEffectsOnSocket(fleet, 'danmaku-push-1', roomId);
  }, 120_000);

  afterAll(async () => {
    viewer?.stop();
    await fleet?.stop();
  }, 60_000);

  const allOrders: string[] = [];

  it('SIGKILL of the gift service while sends and the relay are in flight: retries charge once, nothing is lost or doubled', async () => {
    const users = Array.from({ length: 8 }, (_, i) => `crash-${i}`);
    await topUp(api, users, '30');
    const load = sendUntilBroke(api, roomId, users, 'lollipop');
    await waitFor(() => (viewer.orderIds.length >= 4 ? true : undefined), 20_000, 'the load to be flowing');
    fleet.byName('gift').child.kill('SIGKILL');
    await fleet.byName('gift').exited;
    await start(gift);

    const orders = await load;
    for (const user of users) expect(orders.get(user)).toHaveLength(3);
    const drained = (await api.call<{ balance: string }>('GET', '/v1/wallets/me', await api.token('crash-0', 'viewer'))).body.balance;
    expect(drained).toBe('0');
    allOrders.push(...[...orders.values()].flat());
    await expectBooksClean(api, viewer, allOrders);
  }, 180_000);

  it('a relay that dies between Kafka’s acknowledgement and marking the rows: the events are published again and shown once', async () => {
    const current = extra[extra.length - 1];
    await fleet.stopInstance(current);
    // This process accepts sends, then exits on its first relay batch, before marking it published.
    const crashing = await start(gift, { OUTBOX_TEST_EXIT_AFTER_PUBLISHES: '1' });
    const users = ['dying-0', 'dying-1'];
    await topUp(api, users, '20');
    const load = sendUntilBroke(api, roomId, users, 'lollipop');
    const exit = await crashing.exited;
    expect(exit.code).toBe(86);
    await start(gift);
    const orders = await load;

    allOrders.push(...[...orders.values()].flat());
    await expectBooksClean(api, viewer, allOrders);
  }, 180_000);

  it('a relay pointed at an unreachable broker keeps rows pending (lag grows), then publishes them when pointed back', async () => {
    const current = extra[extra.length - 1];
    await fleet.stopInstance(current);
    // The serving process does not relay; the only relay cannot reach Kafka.
    await start(gift, { OUTBOX_RELAY_ENABLED: 'false' });
    const blind = await start(relayOnly, { OUTBOX_KAFKA_BROKERS: '127.0.0.1:1', GIFT_CONSUMERS_ENABLED: 'false' });
    const users = ['outage-0', 'outage-1'];
    await topUp(api, users, '30');
    const orders = await sendUntilBroke(api, roomId, users, 'lollipop');
    const metricsUrl = `http://127.0.0.1:${blind.ports.OPS_PORT}/metrics`;
    const pending = await waitFor(
      async () => {
        const text = await (await fetch(metricsUrl)).text();
        const rows = Number(/^ovation_gift_outbox_pending_rows(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
        const lag = Number(/^ovation_gift_outbox_lag_seconds(?:\{[^}]*\})? ([\d.]+)/m.exec(text)?.[1] ?? 0);
        return rows === 6 && lag > 0 ? rows : undefined;
      },
      20_000,
      'pending rows and lag on the blind relay',
    );
    expect(pending).toBe(6);
    expect(viewer.orderIds.filter((orderId) => orders.get('outage-0')!.includes(orderId))).toEqual([]);

    await fleet.stopInstance(blind);
    await start(relayOnly, { GIFT_CONSUMERS_ENABLED: 'false' });
    allOrders.push(...[...orders.values()].flat());
    await expectBooksClean(api, viewer, allOrders);
  }, 180_000);
});
