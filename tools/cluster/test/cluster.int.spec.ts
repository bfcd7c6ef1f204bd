import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { waitFor } from '@ovation/testing';
import { ClientMachine, ClientSocket, Cluster, PodInfo } from './harness';

// The fleet as `helm install` deploys it: every pod of the rendered umbrella chart on a host of
// its own (tools/cluster), reached by viewers and broadcasters from a machine that is not a pod,
// through the chart's Ingresses and the addresses the pods advertise.
const API = 'http://api.ovation.local';
// Longer than readiness probes need to notice a dependency down (period 5 s × 2 failures + the probe's timeout).
const OUTAGE_MS = 18_000;

interface JoinAnswer {
  pushUrl: string;
  pushNodeId: string;
  joinToken: string;
  playback: { hls: string; flv: string };
}

describe('the fleet from its Helm chart, each pod a host of its own', () => {
  let cluster: Cluster;
  let client: ClientMachine;
  let streamer: string;
  let roomId: string;
  const timings: Record<string, number> = {};

  const call = <T = any>(method: string, path: string, token?: string, body?: unknown) =>
    client.json<T>(`${API}${path}`, { method, body, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const token = async (userId: string, role: string) => (await call<{ token: string }>('POST', '/v1/dev/tokens', undefined, { userId, role })).body.token;
  // A refusal says what it was: a wait that times out reports the last answer, not only that it waited.
  const ok = <T>(answer: { status: number; body: T }): T => {
    if (answer.status !== 200) throw new Error(`answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const join = async (as: string) => ok(await call<JoinAnswer>('POST', `/v1/rooms/${roomId}/join`, as));
  const socketUrl = (pushUrl: string, joinToken: string, lastPosition?: string) => {
    const url = new URL(pushUrl);
    url.searchParams.set('token', joinToken);
    if (lastPosition) url.searchParams.set('lastPosition', lastPosition);
    return url.toString();
  };
  const welcomed = (socket: ClientSocket) => waitFor(() => socket.messages.find((m) => m.type === 'welcome'), 15_000, 'welcome');
  const chats = (socket: ClientSocket) => socket.events().filter((e) => e.type === 'chat');
  const podIps = async (deployment: string) => (await cluster.podsOf(deployment)).map((p) => p.ip);
  // When the fleet does not come up, the failure carries the last lines of the pods involved: CI shows nothing else.
  const withPodLogs = async <T>(deployments: string[], wait: () => Promise<T>): Promise<T> => {
    try {
      return await wait();
    } catch (error) {
      const pods = (await Promise.all(deployments.map((d) => cluster.podsOf(d)))).flat();
      const tails = await Promise.all(pods.map(async (p) => `--- ${p.name} (ready ${p.ready}) ---\n${(await cluster.logs(p.name)).slice(-15).map((line) => line.slice(0, 400)).join('\n')}`));
      throw new Error(`${(error as Error).message}\n${tails.join('\n')}`);
    }
  };

  beforeAll(async () => {
    const started = Date.now();
    cluster = await Cluster.start(process.env.CLUSTER_VALUES ? process.env.CLUSTER_VALUES.split(",") : []);
    await cluster.waitReady(180_000);
    timings.startMs = Date.now() - started;
    client = await cluster.client();
    streamer = await token('cluster-streamer', 'streamer');
    const created = await call<{ id: string }>('POST', '/v1/rooms', streamer, { title: 'A cluster in a box', category: 'music' });
    roomId = created.body.id;
    // Ready pods register with the scheduler at their next heartbeat: until then a join has no push node.
    // The hook allows the cluster's start, its readiness and both waits below.
    const viewer = await token('cluster-warmup', 'viewer');
    await withPodLogs(['scheduler', 'danmaku-push', 'gateway'], () =>
      waitFor(() => join(viewer), 60_000, 'a push node registered'),
    );
    const ingest = await podIps('ingest');
    await withPodLogs(['scheduler', 'ingest'], () =>
      waitFor(async () => (ingest.includes(new URL(ok(await call('GET', `/v1/rooms/${roomId}/publish`, streamer)).publishUrl).hostname) ? true : undefined), 60_000, 'the ingest node registered'),
    );
  }, 360_000);

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
    console.log(`cluster harness: up and ready in ${(timings.startMs / 1000).toFixed(1)} s`);
  }, 120_000);

  it('runs every pod at an address of its own and routes public names through the ingress', async () => {
    const pods = await cluster.pods();
    expect(pods.length).toBe(9);
    expect(new Set(pods.map((p) => p.ip)).size).toBe(pods.length);
    expect(pods.every((p: PodInfo) => p.ready && !p.ip.startsWith('127.'))).toBe(true);
    expect((await cluster.podsOf('danmaku-push')).length).toBe(2);
    expect((await cluster.podsOf('playback')).length).toBe(2);
    expect(cluster.description.clientHosts['api.ovation.local']).toBe(cluster.description.ingressIp);
    expect(roomId).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('a live room', () => {
    let broadcaster: Awaited<ReturnType<ClientMachine['spawn']>>;
    let viewer: ClientSocket;
    let other: ClientSocket;
    let joined: JoinAnswer;

    afterAll(async () => {
      await viewer?.close().catch(() => undefined);
      await other?.close().catch(() => undefined);
      if (broadcaster) await client.kill(broadcaster.id, 'SIGKILL');
    });

    it('takes a broadcaster’s RTMP publish at the ingest pod’s own address, and goes live', async () => {
      const publish = await call<{ publishUrl: string }>('GET', `/v1/rooms/${roomId}/publish`, streamer);
      expect(publish.status).toBe(200);
      expect(await podIps('ingest')).toContain(new URL(publish.body.publishUrl).hostname);
      broadcaster = await client.spawn('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', '-re',
        '-f', 'lavfi', '-i', 'testsrc=size=426x240:rate=25',
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-b:a', '64k', '-t', '600', '-f', 'flv', publish.body.publishUrl,
      ]);
      await waitFor(async () => ((await call<{ status: string }>('GET', `/v1/rooms/${roomId}`)).body.status === 'live' ? true : undefined), 30_000, 'the room to go live');
    }, 60_000);

    it('hands a joining viewer a push URL on a push pod’s own address, where the socket opens', async () => {
      joined = await join(await token('cluster-viewer', 'viewer'));
      const pushPods = await cluster.podsOf('danmaku-push');
      const host = new URL(joined.pushUrl).hostname;
      expect(pushPods.map((p) => p.ip)).toContain(host);
      expect(pushPods.find((p) => p.ip === host)!.name).toBe(joined.pushNodeId);
      viewer = await client.socket(socketUrl(joined.pushUrl, joined.joinToken));
      expect((await welcomed(viewer)).nodeId).toBe(joined.pushNodeId);
    }, 30_000);

    it('delivers a chat to the viewers of both push pods', async () => {
      const otherPod = (await cluster.podsOf('danmaku-push')).find((p) => p.name !== joined.pushNodeId)!;
      const second = await join(await token('cluster-viewer-2', 'viewer'));
      // A join token is good on any push node: this viewer is on the other pod.
      other = await client.socket(socketUrl(`ws://${otherPod.ip}:${new URL(joined.pushUrl).port}/ws`, second.joinToken));
      expect((await welcomed(other)).nodeId).toBe(otherPod.name);
      await viewer.send({ type: 'chat', clientMsgId: 'hello-1', text: 'hello from a cluster' });
      const ack = await waitFor(() => viewer.messages.find((m) => m.type === 'ack' && m.clientMsgId === 'hello-1'), 15_000, 'the ack');
      for (const socket of [viewer, other]) {
        await waitFor(() => chats(socket).find((e) => e.position === ack.position), 15_000, 'the chat on both pods');
      }
    }, 40_000);

    it('plays HLS and HTTP-FLV on the playback pods through the signed URLs, and the room cover loads', async () => {
      const master = await waitFor(async () => {
        const answer = await client.fetch(joined.playback.hls);
        return answer.status === 200 ? answer : undefined;
      }, 40_000, 'the master playlist');
      expect(master.text).toContain('#EXTM3U');
      const variant = master.text!.split('\n').find((line) => line && !line.startsWith('#'))!;
      const base = joined.playback.hls.slice(0, joined.playback.hls.indexOf('/master.m3u8'));
      const playlist = await waitFor(async () => {
        const answer = await client.fetch(`${base}/${variant}`);
        return answer.status === 200 && /\.ts/.test(answer.text!) ? answer : undefined;
      }, 30_000, 'a rendition playlist with segments');
      const segment = playlist.text!.split('\n').find((line) => line && !line.startsWith('#'))!;
      const bytes = await client.fetch(`${base}/${variant.split('/')[0]}/${segment}`, { as: 'bytes' });
      expect(bytes.status).toBe(200);
      expect(Buffer.from(bytes.base64!, 'base64')[0]).toBe(0x47); // MPEG-TS sync byte

      const flv = await client.fetch(joined.playback.flv, { as: 'prefix', maxBytes: 4096, timeoutMs: 20_000 });
      expect(flv.status).toBe(200);
      expect(Buffer.from(flv.base64!, 'base64').subarray(0, 3).toString('latin1')).toBe('FLV');

      const cover = await waitFor(async () => {
        const room = (await call<{ coverUrl: string }>('GET', `/v1/rooms/${roomId}`)).body;
        return room.coverUrl ? room.coverUrl : undefined;
      }, 30_000, 'a cover');
      const image = await client.fetch(cover, { as: 'bytes' });
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toContain('image/jpeg');
      const served = (await cluster.routed()).filter((r) => r.ingress === 'ovation-playback').map((r) => r.pod);
      expect(new Set(served).size).toBeGreaterThan(0);
    }, 120_000);

    it('moves the viewers of a SIGKILLed push pod to the other one within 30 s, with no gap', async () => {
      const chatter = other;
      let sent = 0;
      const chatting = setInterval(() => {
        const clientMsgId = `kill-${sent++}`;
        void chatter.send({ type: 'chat', clientMsgId, text: `while a pod dies ${clientMsgId}` }).catch(() => undefined);
      }, 1100); // within the user's chat budget in a room (a burst of 5, then one a second)
      const before = viewer;
      let after: ClientSocket;
      try {
        await waitFor(() => chats(before).find((e) => e.payload.clientMsgId === 'kill-2'), 15_000, 'chat before the kill');
        const killedAt = Date.now();
        await cluster.killPod(joined.pushNodeId);
        await waitFor(() => before.closed, 15_000, 'the viewer’s socket to close');
        const lastSeen = before.events().at(-1)!.position;

        // What a client does when its socket drops: ask for a new join, connect with its last position.
        const viewerToken = await token('cluster-viewer', 'viewer');
        const resumed = await waitFor(async () => {
          const again = await join(viewerToken);
          const socket = await client.socket(socketUrl(again.pushUrl, again.joinToken, lastSeen)).catch(() => undefined);
          const welcome = socket && (await waitFor(() => socket.messages.find((m) => m.type === 'welcome'), 5_000, 'welcome').catch(() => undefined));
          return welcome ? { socket: socket!, welcome } : undefined;
        }, 30_000, 'a resumed socket');
        expect(Date.now() - killedAt).toBeLessThan(30_000);
        expect(resumed.welcome.nodeId).not.toBe(joined.pushNodeId);
        after = viewer = resumed.socket;
        const last = sent + 3;
        await waitFor(() => chats(after).find((e) => e.payload.clientMsgId === `kill-${last}`), 20_000, 'live chat after the resume');
      } finally {
        clearInterval(chatting);
      }
      const acked = chatter.messages.filter((m) => m.type === 'ack' && m.clientMsgId.startsWith('kill-'));
      const seenBefore = chats(before).map((e) => e.position);
      const seenAfter = chats(after!).map((e) => e.position);
      expect(new Set(seenAfter).size).toBe(seenAfter.length);
      const lost = acked.filter((ack) => !seenBefore.includes(ack.position) && !seenAfter.includes(ack.position) && BigInt(ack.position) <= BigInt(seenAfter.at(-1)!));
      expect(lost).toEqual([]);
      expect(acked.filter((ack) => seenAfter.includes(ack.position) && !seenBefore.includes(ack.position)).length).toBeGreaterThan(3);
    }, 90_000);

    /**
     * `dependency` is down (as the pods see it) while `during` runs every second for longer than the
     * readiness probes need to notice (period 5 s × 2 failures, plus the probe's own timeout); then
     * it is back. Answers which deployments had a pod leave rotation meanwhile.
     */
    async function outageOf(dependency: 'mysql' | 'redis' | 'kafka', during: () => Promise<void>): Promise<Set<string>> {
      await cluster.waitReady(60_000);
      const since = Date.now();
      await cluster.setInfrastructure(dependency, false);
      try {
        for (const until = Date.now() + OUTAGE_MS; Date.now() < until; ) {
          await during();
          await new Promise((resolve) => setTimeout(resolve, 1100)); // within the user's chat budget
        }
      } finally {
        await cluster.setInfrastructure(dependency, true);
      }
      return cluster.leftRotationSince(since);
    }

    it('keeps push pods ready while MySQL is down: chat flows, and the archive catches up when it returns', async () => {
      const acks: Array<{ messageId: string; position: string }> = [];
      let i = 0;
      // The room's chatter keeps talking (its standing is known to its node; a speaker a node never
      // checked is refused `unavailable` while room cannot answer), every viewer keeps receiving.
      const chatter = other;
      const left = await outageOf('mysql', async () => {
        const clientMsgId = `mysql-down-${i++}`;
        await chatter.send({ type: 'chat', clientMsgId, text: `while MySQL is down ${clientMsgId}` });
        acks.push(await waitFor(() => chatter.messages.find((m) => m.type === 'ack' && m.clientMsgId === clientMsgId), 5_000, 'an ack while MySQL is down'));
      });
      // The outage was real: the services that cannot serve without MySQL left rotation; push did not.
      expect([...left]).toEqual(expect.arrayContaining(['ovation-room', 'ovation-gift']));
      expect(left.has('ovation-danmaku-push')).toBe(false);
      for (const ack of acks) await waitFor(() => chats(viewer).find((e) => e.position === ack.position), 10_000, 'each chat delivered');
      await waitFor(async () => {
        const archived = new Set(await archivedMessageIds(cluster.description.databases['danmaku-push'], roomId));
        return acks.every((a) => archived.has(a.messageId)) || undefined;
      }, 60_000, 'the archive to catch up');
    }, 150_000);

    it('keeps the gateway ready and answering while Redis is down', async () => {
      const left = await outageOf('redis', async () => {
        expect((await call('GET', `/v1/rooms/${roomId}`)).status).toBe(200);
      });
      expect(left.has('ovation-scheduler')).toBe(true);
      expect(left.has('ovation-gateway')).toBe(false);
    }, 120_000);

    it('takes gift sends while Kafka is down, and shows their effects once it is back', async () => {
      const sender = await token('cluster-gifter', 'viewer');
      const topUp = await call('POST', '/v1/wallets/cluster-gifter/recharges', sender, { amount: '1000', idempotencyKey: `topup-${uniqueId()}` });
      expect(topUp.status).toBe(200);
      const orders: string[] = [];
      const left = await outageOf('kafka', async () => {
        const sent = await call<{ orderId: string }>('POST', `/v1/rooms/${roomId}/gifts`, sender, { giftId: 'heart', count: 1, idempotencyKey: `kafka-down-${uniqueId()}` });
        expect(sent.status).toBe(200);
        orders.push(sent.body.orderId);
      });
      expect(left.has('ovation-danmaku-push')).toBe(true);
      expect(left.has('ovation-gift')).toBe(false);
      const shown = () => new Set(viewer.events().filter((e) => e.type === 'gift').map((e) => e.payload.orderId));
      await waitFor(() => orders.every((id) => shown().has(id)) || undefined, 60_000, 'every gift effect after Kafka returned');
      await cluster.waitReady(60_000);
    }, 150_000);
  });
});

/** The archive rows of a room, read from the push tier's own database. */
export async function archivedMessageIds(database: string, roomId: string): Promise<string[]> {
  const connection = await createConnection({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? 'root', password: process.env.MYSQL_PASSWORD ?? '', database });
  try {
    const [rows] = await connection.query('SELECT message_id FROM danmaku_archive WHERE room_id = ?', [roomId]);
    return (rows as Array<{ message_id: string }>).map((r) => r.message_id);
  } finally {
    await connection.end();
  }
}

export const uniqueId = () => randomUUID();
