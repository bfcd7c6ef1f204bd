import type { TokenVerifier } from '@ovation/auth';
import { roomV1 } from '@ovation/contracts';
import type { SocketLimits } from '@ovation/danmaku-domain';
import { PushMetrics, type RoomClient, type RoomFanout, SpeakerStandings } from '@ovation/danmaku-server';
import { waitFor } from '@ovation/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { connectedPair } from '../../test/websocket-pair';
import type { ConnectionContext } from './connection-context';
import { PreparedFrames } from './prepared-frames';
import { PushConnection } from './push-connection';

const ROOM = 'room-1';
const generous = { burst: 100, perSecond: 100 };
const limits: SocketLimits = { frames: { chat: generous, like: generous, ping: generous, resume: generous }, replayEvents: generous, replayBytes: { burst: 1 << 20, perSecond: 1 << 20 }, refusals: generous };
const notBanned: roomV1.CheckSpeakerResponse = { banned: false, muted: false, muteUntil: '0', role: roomV1.RoomRole.ROOM_ROLE_VIEWER };

/** room's CheckSpeaker, answered when the test says so. */
function heldRoomClient() {
  let answer!: (response: roomV1.CheckSpeakerResponse) => void;
  let markAsked!: () => void;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  const client = {
    checkSpeaker: () =>
      new Promise<roomV1.CheckSpeakerResponse>((resolve) => {
        answer = resolve;
        markAsked();
      }),
    getRoom: () => Promise.reject(new Error('not used')),
  };
  return { client: client as unknown as RoomClient, asked, answer: (response: roomV1.CheckSpeakerResponse) => answer(response) };
}

/** The fan-out as the connection sees it: who joined and left which room. */
function recordingFanout() {
  const members = new Set<PushConnection>();
  const fanout = {
    head: () => 0,
    join: (_room: string, subscriber: PushConnection) => {
      members.add(subscriber);
      return Promise.resolve({ result: 'tail', events: 0, bytes: 0 });
    },
    leave: (_room: string, subscriber: PushConnection) => members.delete(subscriber),
    closeBanned: (_room: string, userId: string) => {
      for (const member of members) if (member.userId === userId) member.closeBanned();
    },
  };
  return { members, fanout: fanout as unknown as RoomFanout };
}

/** A signed-in viewer's socket on a node whose standing lookups wait for the test. */
async function viewerConnecting(userId: string) {
  const pair = await connectedPair();
  const room = heldRoomClient();
  const standings = new SpeakerStandings(room.client, 60_000);
  const { members, fanout } = recordingFanout();
  const verifier: TokenVerifier = {
    verify: () => Promise.reject(new Error('not used')),
    verifyWithClaims: () => Promise.resolve({ principal: { userId, displayName: userId, role: 'viewer' }, claims: { room: ROOM } }),
  };
  const context = { nodeId: 'push-1', heartbeatIntervalMs: 30_000, limits, hardLimitBytes: 1 << 20, verifier, fanout, standings, metrics: new PushMetrics(new Registry()), logger: pino({ level: 'silent' }) };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => pair.client.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const welcome = new Promise<unknown>((resolve) => pair.client.once('message', (data) => resolve(JSON.parse(data.toString()))));
  const connection = new PushConnection(pair.server, 'json', context as unknown as ConnectionContext, new PreparedFrames(), () => undefined);
  connection.open('join-token', 0);
  await room.asked;
  return { ...pair, room, standings, members, fanout, connection, closed, welcome };
}

describe('PushConnection', () => {
  it('closes a viewer whose ban room announced while its standing was being looked up', async () => {
    const viewer = await viewerConnecting('troll');
    try {
      // The ban is read from the room stream while the lookup is under way: the socket is in no room yet.
      viewer.standings.observe(ROOM, { userId: 'troll', banned: true, muted: false, muteUntil: '0', role: roomV1.RoomRole.ROOM_ROLE_VIEWER });
      viewer.fanout.closeBanned(ROOM, 'troll');
      viewer.room.answer(notBanned);

      expect(await viewer.closed).toEqual({ code: 4003, reason: 'banned' });
      expect(viewer.members.size).toBe(0);
    } finally {
      await viewer.close();
    }
  });

  it('answers a ping to a client that does not read through the same slow-consumer gate as every write: cut (4008), no pong', async () => {
    const viewer = await viewerConnecting('stalled');
    try {
      viewer.room.answer(notBanned);
      await viewer.welcome;
      const received: string[] = [];
      viewer.client.on('message', (data) => received.push(JSON.parse(data.toString()).type));
      viewer.client.pause();
      // More than loopback's socket buffers take: the rest waits in the node, past the 1 MiB bound.
      viewer.connection.writeOwn(Buffer.from(JSON.stringify({ type: 'events', replay: true, droppedChat: 0, events: [], pad: 'x'.repeat(8 << 20) })));
      expect(viewer.connection.bufferedBytes()).toBeGreaterThan(1 << 20);
      viewer.client.send(JSON.stringify({ type: 'ping', clientTimeMs: 1 }));
      await waitFor(() => (viewer.members.size === 0 ? true : undefined), 5_000, 'the stalled socket cut loose');
      viewer.client.resume();

      expect(await viewer.closed).toEqual({ code: 4008, reason: 'slow_consumer' });
      expect(received).toEqual(['events', 'error']);
    } finally {
      await viewer.close();
    }
  });

  it('lets a viewer in good standing stay', async () => {
    const viewer = await viewerConnecting('fan');
    try {
      viewer.room.answer(notBanned);

      expect(await viewer.welcome).toMatchObject({ type: 'welcome', roomId: ROOM, userId: 'fan' });
      await new Promise((resolve) => setImmediate(resolve));
      expect([...viewer.members]).toEqual([viewer.connection]);
      expect(viewer.client.readyState).toBe(viewer.client.OPEN);
    } finally {
      await viewer.close();
    }
  });
});
