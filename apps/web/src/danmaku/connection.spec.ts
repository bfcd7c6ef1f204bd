import { DanmakuConnection, FinalJoinError, type ConnectionListener, type SocketHandlers } from './connection';
import type { RoomEvent } from './protocol';

class FakeSocket {
  readonly sent: Record<string, unknown>[] = [];
  closedWith?: number;
  constructor(
    readonly url: URL,
    readonly handlers: SocketHandlers,
  ) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number) {
    this.closedWith = code;
  }
  serve(frame: object) {
    this.handlers.onMessage(JSON.stringify(frame));
  }
  welcome() {
    this.handlers.onOpen();
    this.serve({ type: 'welcome', connectionId: 'c', nodeId: 'n', roomId: 'r', heartbeatIntervalMs: 15000, headPosition: '0' });
  }
}

const chat = (position: string, text: string): RoomEvent => ({ type: 'chat', position, atMs: 0, payload: { text } });

function setup(join = jest.fn(async () => ({ pushUrl: 'ws://push.test/ws', joinToken: 'jt' }))) {
  const sockets: FakeSocket[] = [];
  const shown: string[] = [];
  const statuses: string[] = [];
  const listener: ConnectionListener = {
    events: (events) => shown.push(...events.map((event) => (event.payload as { text: string }).text)),
    status: (status) => statuses.push(status),
    nack: jest.fn(),
    ack: jest.fn(),
    notice: jest.fn(),
  };
  const connection = new DanmakuConnection({
    join,
    listener,
    random: () => 0.5,
    openSocket: (url, handlers) => {
      const socket = new FakeSocket(new URL(url), handlers);
      sockets.push(socket);
      return socket;
    },
  });
  return { connection, sockets, shown, statuses, listener, join };
}

const flush = () => jest.advanceTimersByTimeAsync(0);

describe('DanmakuConnection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('connects with the join token, shows events once and resumes from the last position after a drop', async () => {
    const { connection, sockets, shown, statuses, join } = setup();
    connection.start();
    await flush();
    expect(sockets[0].url.searchParams.get('token')).toBe('jt');
    expect(sockets[0].url.searchParams.has('lastPosition')).toBe(false);
    sockets[0].welcome();
    sockets[0].serve({ type: 'events', replay: true, events: [chat('3', 'a'), chat('8', 'b')] });
    sockets[0].handlers.onClose(1006, '');
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting']);

    await jest.advanceTimersByTimeAsync(250);
    expect(join).toHaveBeenCalledTimes(2);
    expect(sockets[1].url.searchParams.get('lastPosition')).toBe('8');
    sockets[1].welcome();
    // What was missed, overlapping what was shown: nothing twice, nothing lost.
    sockets[1].serve({ type: 'events', replay: true, events: [chat('8', 'b'), chat('11', 'c')] });
    expect(shown).toEqual(['a', 'b', 'c']);
    connection.stop();
  });

  it('re-sends unanswered chat after a reconnect with the same clientMsgId', async () => {
    const { connection, sockets, listener } = setup();
    connection.start();
    await flush();
    sockets[0].welcome();
    const id = connection.sendChat('hello');
    expect(sockets[0].sent).toContainEqual({ type: 'chat', clientMsgId: id, text: 'hello' });
    sockets[0].handlers.onClose(1006, '');
    await jest.advanceTimersByTimeAsync(500);
    sockets[1].welcome();
    expect(sockets[1].sent).toContainEqual({ type: 'chat', clientMsgId: id, text: 'hello' });
    sockets[1].serve({ type: 'ack', clientMsgId: id, messageId: 'm', position: '20' });
    expect(listener.ack).toHaveBeenCalledWith(id, '20');
    // Acked: a third connection does not send it again.
    sockets[1].handlers.onClose(1006, '');
    await jest.advanceTimersByTimeAsync(500);
    sockets[2].welcome();
    expect(sockets[2].sent.filter((frame) => frame.type === 'chat')).toEqual([]);
    connection.stop();
  });

  it('reports nacks with their reason and wait', async () => {
    const { connection, sockets, listener } = setup();
    connection.start();
    await flush();
    sockets[0].welcome();
    const id = connection.sendChat('spam');
    sockets[0].serve({ type: 'nack', clientMsgId: id, reason: 'rate_limited', retryAfterMs: 1200 });
    expect(listener.nack).toHaveBeenCalledWith(id, 'rate_limited', 1200);
    connection.stop();
  });

  it('leaves a draining node when told to, and backs off while joins fail', async () => {
    const join = jest
      .fn()
      .mockResolvedValueOnce({ pushUrl: 'ws://a.test/ws', joinToken: 't1' })
      .mockRejectedValueOnce(new Error('gateway down'))
      .mockResolvedValue({ pushUrl: 'ws://b.test/ws', joinToken: 't2' });
    const { connection, sockets } = setup(join);
    connection.start();
    await flush();
    sockets[0].welcome();
    sockets[0].serve({ type: 'events', events: [chat('4', 'x')] });
    sockets[0].serve({ type: 'reconnect', reason: 'draining', afterMs: 1000 });
    await jest.advanceTimersByTimeAsync(999);
    expect(sockets[0].closedWith).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(sockets[0].closedWith).toBe(1000);
    await jest.advanceTimersByTimeAsync(1);
    expect(join).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(250);
    expect(sockets[1].url.host).toBe('b.test');
    expect(sockets[1].url.searchParams.get('lastPosition')).toBe('4');
    connection.stop();
  });

  it('stops for good when banned or when the room has ended', async () => {
    const banned = setup();
    banned.connection.start();
    await flush();
    banned.sockets[0].handlers.onClose(4003, 'banned');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(banned.sockets).toHaveLength(1);
    expect(banned.statuses.at(-1)).toBe('banned');

    const ended = setup(jest.fn(async () => Promise.reject(new FinalJoinError('ended', 'room ended'))));
    ended.connection.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(ended.join).toHaveBeenCalledTimes(1);
    expect(ended.statuses).toEqual(['connecting', 'ended']);
  });

  it('sums like taps into few frames of at most 100', async () => {
    const { connection, sockets } = setup();
    connection.start();
    await flush();
    sockets[0].welcome();
    for (let i = 0; i < 130; i += 1) connection.like();
    await jest.advanceTimersByTimeAsync(300);
    await jest.advanceTimersByTimeAsync(300);
    expect(sockets[0].sent.filter((frame) => frame.type === 'like')).toEqual([
      { type: 'like', count: 100 },
      { type: 'like', count: 30 },
    ]);
    connection.stop();
  });
});
