import WebSocket from 'ws';
import { announceStreamsStarted, OtlpReceiver, ReceivedSpan, startOtlpReceiver, startTestFleet, TestFleet, waitFor } from '@ovation/testing';

// One request crosses processes and transports: gateway (HTTP) → room (gRPC, MySQL) → Kafka →
// danmaku-push (consumer); a gift from the gateway through gift (gRPC, MySQL), the outbox relay,
// Kafka and gift's effect consumer to the push nodes; and a danmaku from a socket on one push node,
// through Kafka, to both push nodes that deliver it. Every span of each must share one trace.
describe('one trace across the fleet', () => {
  let receiver: OtlpReceiver;
  let fleet: TestFleet;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    fleet = await startTestFleet({
      portOffset: 2500,
      only: ['gateway', 'room', 'gift', 'danmaku-push-1', 'danmaku-push-2'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
    await receiver?.close();
  }, 60_000);

  /** Each process exports on its own schedule: waits until every expected span of the trace arrived. */
  async function waitForSpans(traceId: string, expected: Array<[string, (span: ReceivedSpan) => boolean]>, what: string): Promise<void> {
    const missing = () => expected.filter(([, found]) => !receiver.spans.some((span) => span.traceId === traceId && found(span))).map(([name]) => name);
    await waitFor(() => (missing().length === 0 ? true : undefined), 40_000, what).catch((error: Error) => {
      throw new Error(`${error.message}; missing: ${missing().join(', ')}`);
    });
  }

  async function liveRoom(title: string): Promise<string> {
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const created = await fetch(`${gateway}/v1/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await devToken('trace-streamer', 'streamer')}` },
      body: JSON.stringify({ title }),
    });
    const { id: roomId } = (await created.json()) as { id: string };
    await announceStreamsStarted(fleet.namespace, [roomId]);
    await waitFor(async () => (((await (await fetch(`${gateway}/v1/rooms/${roomId}`)).json()) as { status: string }).status === 'live' ? true : undefined), 15_000, 'the room to go live');
    return roomId;
  }

  async function devToken(userId: string, role: string): Promise<string> {
    const response = await fetch(`${fleet.url('gateway', 'HTTP_PORT')}/v1/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, role }),
    });
    return ((await response.json()) as { token: string }).token;
  }

  it('follows a room creation from the gateway through room and Kafka to a push node', async () => {
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const token = await devToken('streamer-1', 'streamer');

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const created = await fetch(`${gateway}/v1/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ title: 'trace me' }),
    });
    expect(created.status).toBe(201);

    const expected: Array<[string, (span: ReceivedSpan) => boolean]> = [
      ['the gateway HTTP server span', (span) => span.service === 'gateway' && span.name.includes('POST')],
      ['the gateway gRPC client span', (span) => span.service === 'gateway' && span.name.includes('RoomService/CreateRoom')],
      ['the room gRPC server span', (span) => span.service === 'room' && span.name.includes('RoomService/CreateRoom') && span.kind === 2],
      ['the room MySQL span', (span) => span.service === 'room' && (/insert/i.test(span.name) || span.name.includes('mysql'))],
      ['the room Kafka producer span', (span) => span.service === 'room' && span.kind === 4],
      ['the push node consumer span', (span) => span.service === 'danmaku-push' && span.kind === 5],
    ];
    await waitForSpans(traceId, expected, 'every span of the room creation');
  }, 60_000);

  it('follows a danmaku from the socket through Kafka to delivery on every push node', async () => {
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const viewer = await devToken('viewer-2', 'viewer');
    const roomId = await liveRoom('trace my danmaku');

    const join = (await (await fetch(`${gateway}/v1/rooms/${roomId}/join`, { method: 'POST', headers: { authorization: `Bearer ${viewer}` } })).json()) as { joinToken: string; pushUrl: string };
    // The URL the join hands out, as a client opens it: its ?room= (for a proxy's room affinity) kept.
    const pushUrl = new URL(join.pushUrl);
    expect(pushUrl.searchParams.get('room')).toBe(roomId);
    pushUrl.searchParams.set('token', join.joinToken);
    const socket = new WebSocket(pushUrl);
    const frames: Array<{ type: string; clientMsgId?: string }> = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await waitFor(() => (frames.some((f) => f.type === 'welcome') ? true : undefined), 10_000, 'welcome');
    socket.send(JSON.stringify({ type: 'chat', clientMsgId: 'traced-1', text: 'follow me' }));
    const answer = await waitFor(() => frames.find((f) => f.clientMsgId === 'traced-1'), 10_000, 'the ack');
    socket.close();
    expect(answer.type).toBe('ack');

    const chatSpan = await waitFor(() => receiver.spans.find((s) => s.service === 'danmaku-push' && s.name === 'danmaku chat'), 20_000, 'the chat span');
    const inTrace = await waitFor(
      () => {
        const spans = receiver.spans.filter((s) => s.traceId === chatSpan.traceId);
        return spans.filter((s) => s.kind === 5).length >= 2 ? spans : undefined;
      },
      20_000,
      'consumer spans of both push nodes in the chat trace',
    );
    const producer = inTrace.find((s) => s.kind === 4);
    expect(producer?.parentSpanId).toBe(chatSpan.spanId);
    const consumers = inTrace.filter((s) => s.kind === 5);
    expect(consumers.every((s) => s.parentSpanId === producer?.spanId)).toBe(true);
  }, 60_000);

  it('follows a gift from the gateway through gift, MySQL, the outbox relay and Kafka to the push nodes', async () => {
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const roomId = await liveRoom('trace my gift');
    const admin = await devToken('trace-admin', 'admin');
    const viewer = await devToken('gift-giver', 'viewer');
    const topUp = await fetch(`${gateway}/v1/wallets/gift-giver/recharges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ amount: '100000', idempotencyKey: `trace-${roomId}` }),
    });
    expect(topUp.status).toBeLessThan(300);
    const { gifts } = (await (await fetch(`${gateway}/v1/gifts`)).json()) as { gifts: Array<{ id: string }> };

    const traceId = '5ce0e9a56015fec5aadfa328ae398115';
    const sent = await fetch(`${gateway}/v1/rooms/${roomId}/gifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}`, traceparent: `00-${traceId}-0af7651916cd43dd-01` },
      body: JSON.stringify({ giftId: gifts[0].id, count: 1, idempotencyKey: `trace-gift-${roomId}` }),
    });
    expect(sent.status).toBeLessThan(300);

    const producedBy = (service: string, topicPart: string) => (span: ReceivedSpan) => span.service === service && span.kind === 4 && span.name.includes(topicPart);
    const consumedBy = (service: string, topicPart: string) => (span: ReceivedSpan) => span.service === service && span.kind === 5 && span.name.includes(topicPart);
    await waitForSpans(
      traceId,
      [
        ['the gateway HTTP server span', (span) => span.service === 'gateway' && span.kind === 2],
        ['the gift gRPC server span', (span) => span.service === 'gift' && span.kind === 2 && span.name.includes('SendGift')],
        ['the gift MySQL spans', (span) => span.service === 'gift' && span.kind === 3 && !span.name.includes('/')],
        ['the outbox relay publishing the gift event', producedBy('gift', 'gift-events')],
        ["gift's effect consumer", consumedBy('gift', 'gift-events')],
        ['the gift effect produced into the room stream', producedBy('gift', 'room-events')],
        ['a push node consuming the effect', consumedBy('danmaku-push', 'room-events')],
      ],
      'every span of the gift, through the outbox relay to the push nodes',
    );
  }, 90_000);
});
