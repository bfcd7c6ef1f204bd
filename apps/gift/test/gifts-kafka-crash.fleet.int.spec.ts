import { PrivateKafka, startPrivateKafka, startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { Api, apiOf, CRASH_FLEET_ENV, expectBooksClean, liveRoom, sendUntilBroke, topUp, watchGiftEffectsOnSocket } from './fleet-helpers';

// The fleet runs on a broker of this test's own, so killing it touches no other test.
const BROKER_PORT = 19092;
const OUTAGE_MS = 5_000;

describe('gifts survive a Kafka crash mid-load (built fleet, real broker killed and restarted)', () => {
  let kafka: PrivateKafka;
  let fleet: TestFleet;
  let api: Api;
  let viewer: Awaited<ReturnType<typeof watchGiftEffectsOnSocket>>;
  let roomId: string;

  beforeAll(async () => {
    kafka = await startPrivateKafka('kafka-gift-crash', BROKER_PORT);
    fleet = await startTestFleet({
      portOffset: 6200,
      only: ['room', 'gift', 'gateway', 'danmaku-push-1'],
      env: { ...CRASH_FLEET_ENV, KAFKA_BROKERS: kafka.brokers },
    });
    api = apiOf(fleet);
    roomId = await liveRoom(fleet, api, await api.token('streamer-kafka', 'streamer'));
    viewer = await watchGiftEffectsOnSocket(fleet, 'danmaku-push-1', roomId);
  }, 120_000);

  afterAll(async () => {
    viewer?.stop();
    await fleet?.stop();
    await kafka?.stop();
  }, 90_000);

  it('SIGKILL of the broker while gifts are sent: sends go on, and after its restart every order is published and shown once', async () => {
    const users = Array.from({ length: 8 }, (_, i) => `kafka-crash-${i}`);
    await topUp(api, users, '400');
    const accepted: string[] = [];
    const load = sendUntilBroke(api, roomId, users, 'lollipop', { pauseMs: 250, onOrder: (orderId) => accepted.push(orderId) });

    await waitFor(() => (viewer.orderIds.length >= 10 ? true : undefined), 30_000, 'the load to be flowing');
    await kafka.kill();
    // Answers still in flight at the kill may carry orders published just before it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const acceptedSinceCrash = accepted.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // Money kept moving while no broker ran, and none of it reached the room yet.
    const acceptedDuringOutage = accepted.slice(acceptedSinceCrash);
    expect(acceptedDuringOutage.length).toBeGreaterThan(0);
    expect(viewer.orderIds.filter((orderId) => acceptedDuringOutage.includes(orderId))).toEqual([]);
    await kafka.start();

    const orders = await load;
    for (const user of users) expect(orders.get(user)).toHaveLength(40);
    await expectBooksClean(api, viewer, [...orders.values()].flat());
  }, 240_000);
});
