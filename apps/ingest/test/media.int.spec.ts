import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commonV1, ingestV1, kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { createKafka, KafkaLogger, namespacedTopic } from '@ovation/kafka';
import { segmentUris, signOriginUrl, signPlaybackGrant } from '@ovation/media-domain';
import { infraEnv, startTestFleet, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import type { Consumer } from 'kafkajs';

const run = promisify(execFile);
const silent: KafkaLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const owner: commonV1.Actor = { userId: 'media-e2e-streamer', role: commonV1.Role.ROLE_USER };

/** ffmpeg's test pattern and a sine tone, pushed over RTMP like a broadcaster would (1 s GOP). */
function publish(rtmpUrl: string): ChildProcess {
  return spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=426x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-t', '120', '-f', 'flv', rtmpUrl,
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
}

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What ffprobe finds in a file or URL: its streams' codecs and sizes, and how many video frames it decoded. */
async function probe(input: string): Promise<{ codec_type: string; codec_name: string; height?: number; nb_read_frames?: string }[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,height,nb_read_frames', '-of', 'json', input]);
  return (JSON.parse(stdout) as { streams: never[] }).streams;
}

// The media path end to end, with real ffmpeg: RTMP publish → room's AuthorizePublish → the ffmpeg
// ladder → HLS, HTTP-FLV, thumbnail and recording through playback's signed URLs; lifecycle on Kafka.
describe('media: ingest and playback', () => {
  let fleet: TestFleet;
  let room: GrpcClientHandle<roomV1.RoomServiceClient>;
  let consumer: Consumer;
  let mediaDir: string;
  let rtmp: string;
  let playback: string;
  let roomId: string;
  let streamKey: string;
  let broadcaster: ChildProcess | undefined;
  const lifecycle: ingestV1.StreamLifecycleEvent[] = [];
  const signed = (subject: string, expiresAt = Math.floor(Date.now() / 1000) + 600) => signPlaybackGrant({ roomId: subject, expiresAt }, testSecrets.PLAYBACK_SIGNING_SECRET).toString();
  const metric = async (line: string) => (await (await fetch(`${fleet.url('ingest', 'OPS_PORT')}/metrics`)).text()).includes(line) || undefined;
  const roomStatus = async () => (await room.client.getRoom({ roomId })).room?.status;

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'ovation-media-'));
    fleet = await startTestFleet({
      portOffset: 7000,
      only: ['room', 'ingest', 'playback'],
      serviceEnv: {
        playback: { MEDIA_DIR: mediaDir },
        ingest: { MEDIA_DIR: mediaDir, HLS_RENDITIONS: 'source,180p@200', HLS_SEGMENT_SECONDS: '1', THUMBNAIL_INTERVAL_SECONDS: '1', PUBLISH_GRACE_MS: '1000', RECORDING_SEGMENT_SECONDS: '2' },
        room: { STREAM_LOSS_GRACE_MS: '1000', STREAM_LOSS_SWEEP_MS: '200' },
      },
    });
    rtmp = `rtmp://127.0.0.1:${fleet.byName('ingest').ports.RTMP_PORT}/live`;
    playback = fleet.url('playback', 'HTTP_PORT');
    room = createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: `127.0.0.1:${fleet.byName('room').ports.GRPC_PORT}`, defaultDeadlineMs: 5000 });
    roomId = (await room.client.createRoom({ actor: owner, title: 'Media end to end', category: 'music', coverUrl: '' })).room!.id;
    streamKey = (await room.client.getPublishInfo({ actor: owner, roomId })).streamKey;

    consumer = createKafka({ clientId: 'media-spec', brokers: infraEnv().KAFKA_BROKERS.split(','), logger: silent }).consumer({ groupId: `${fleet.namespace}-media-spec` });
    await consumer.connect();
    await consumer.subscribe({ topic: namespacedTopic(fleet.namespace, Topics.streamLifecycle), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void lifecycle.push(kafkaCodecs[Topics.streamLifecycle].decode(message.value!)) });
  }, 180_000);

  afterAll(async () => {
    broadcaster?.kill('SIGKILL');
    await consumer?.disconnect();
    room?.close();
    await fleet?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  }, 60_000);

  it('refuses a publish with a wrong key: the session is closed, and the refusal counted', async () => {
    const intruder = publish(`${rtmp}/not_a_key_of_any_room`);
    const [code] = (await once(intruder, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    await waitFor(() => metric('ovation_ingest_publish_rejections_total{reason="unknown_key",service="ingest"} 1'), 10_000, 'the unknown_key rejection');
  }, 30_000);

  it('accepts the room key: the room goes live and the lifecycle says which renditions', async () => {
    broadcaster = publish(`${rtmp}/${streamKey}`);
    await waitFor(async () => ((await roomStatus()) === roomV1.RoomStatus.ROOM_STATUS_LIVE ? true : undefined), 20_000, 'the room to go live');
    const started = await waitFor(() => lifecycle.find((e) => e.roomId === roomId && e.started)?.started ?? undefined, 10_000, 'StreamStarted');
    expect(started.renditions).toEqual(['source', '180p']);
    expect(started.flvOriginUrl).toMatch(new RegExp(`/room/${roomId}\\.flv$`));
  }, 40_000);

  it('refuses a second publisher of the same key while the first is live', async () => {
    const second = publish(`${rtmp}/${streamKey}`);
    const [code] = (await once(second, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    await waitFor(() => metric('ovation_ingest_publish_rejections_total{reason="already_publishing",service="ingest"} 1'), 10_000, 'the already_publishing rejection');
    // node-media-server's own duplicate-publisher line came through, without the key (nor did any other line carry it).
    await waitFor(() => fleet.logs('ingest').some((line) => line.includes('already has a publisher')) || undefined, 10_000, "node-media-server's duplicate-publisher line");
    expect(fleet.logs('ingest').filter((line) => line.includes(streamKey))).toEqual([]);
  }, 30_000);

  it('refuses RTMP plays of a live room (its id is public): nothing decodes, and the refusal is counted', async () => {
    const host = rtmp.replace(/\/live$/, '');
    await expect(probe(`${host}/room/${roomId}`)).rejects.toThrow();
    await expect(probe(`${host}/live/${streamKey}`)).rejects.toThrow();
    await waitFor(() => metric('ovation_ingest_play_refusals_total{protocol="rtmp",reason="rtmp_play",service="ingest"} 2'), 10_000, 'two RTMP play refusals');
    expect(fleet.logs('ingest').filter((line) => line.includes(streamKey))).toEqual([]);
  }, 30_000);

  it('serves the ABR ladder: the master lists every rendition, and a segment of each decodes', async () => {
    const query = signed(roomId);
    const master = await waitFor(async () => {
      const response = await fetch(`${playback}/live/${roomId}/master.m3u8?${query}`);
      return response.status === 200 ? response : undefined;
    }, 30_000, 'the master playlist');
    expect(master.headers.get('cache-control')).toBe('no-cache');
    expect(master.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const variants = segmentUris(await master.text());
    expect(variants.map((uri) => uri.split('?')[0])).toEqual(['source/index.m3u8', '180p/index.m3u8']);
    for (const [variant, height] of [[variants[0], 240], [variants[1], 180]] as const) {
      expect(variant).toContain(query);
      const playlist = await (await fetch(`${playback}/live/${roomId}/${variant}`)).text();
      const [segment] = segmentUris(playlist);
      const response = await fetch(`${playback}/live/${roomId}/${variant.split('/')[0]}/${segment}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const file = join(mediaDir, `probe-${height}.ts`);
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      const streams = await probe(file);
      expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', height });
      expect(Number(streams.find((s) => s.codec_type === 'video')?.nb_read_frames)).toBeGreaterThan(0);
      expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    }
  }, 60_000);

  it('refuses unsigned, forged and expired playback URLs with 403', async () => {
    const expired = signed(roomId, Math.floor(Date.now() / 1000) - 5);
    const forged = signed('another-room');
    for (const [path, code] of [
      [`/live/${roomId}/master.m3u8`, 'signature_missing'],
      [`/live/${roomId}.flv`, 'signature_missing'],
      [`/live/${roomId}/master.m3u8?${expired}`, 'signature_expired'],
      [`/live/${roomId}/source/index.m3u8?${forged}`, 'signature_forged'],
    ]) {
      const response = await fetch(`${playback}${path}`);
      expect({ path, status: response.status, body: await response.json() }).toMatchObject({ path, status: 403, body: { error: { code } } });
    }
  });

  it('answers unknown paths, names that cannot be media and other methods in the one error shape, without X-Powered-By', async () => {
    const cases: [method: string, path: string, status: number, code: string][] = [
      ['GET', '/nope', 404, 'not_found'],
      ['GET', '/thumbnails/a.b.jpg', 404, 'thumbnail_not_found'],
      ['GET', `/live/a.b/master.m3u8?${signed('a.b')}`, 404, 'live_playlist_not_found'],
      ['GET', `/vod/a.b?${signed('a.b')}`, 404, 'recording_not_found'],
      ['POST', `/thumbnails/${roomId}.jpg`, 405, 'method_not_allowed'],
    ];
    const answers = await Promise.all(
      cases.map(async ([method, path]) => {
        const response = await fetch(`${playback}${path}`, { method });
        return { path, status: response.status, poweredBy: response.headers.get('x-powered-by'), body: await response.json() };
      }),
    );
    expect(answers).toEqual(cases.map(([, path, status, code]) => ({ path, status, poweredBy: null, body: { error: { code, message: expect.any(String) } } })));
    expect((await fetch(`${fleet.url('playback', 'OPS_PORT')}/healthz`)).headers.get('x-powered-by')).toBeNull();
  });

  it("refuses HTTP-FLV pulls of ingest's origin without the internal credential, and listens on the advertised address only", async () => {
    const origin = `http://127.0.0.1:${fleet.byName('ingest').ports.FLV_PORT}`;
    const path = `/room/${roomId}.flv`;
    const pull = async (url: string, method = 'GET') => {
      const response = await fetch(url, { method });
      await response.body?.cancel();
      return response.status;
    };
    const credential = (subject: string) => new URL(signOriginUrl(`${origin}${subject}`, testSecrets.FLV_ORIGIN_SECRET)).search;
    const expired = new URL(signOriginUrl(`${origin}${path}`, testSecrets.FLV_ORIGIN_SECRET, Math.floor(Date.now() / 1000) - 120)).search;
    expect(await pull(`${origin}${path}`)).toBe(401);
    expect(await pull(`${origin}${path}?${signed(roomId)}`)).toBe(403); // a viewer's grant opens nothing here
    expect(await pull(`${origin}${path}${credential(`/room/another-room.flv`)}`)).toBe(403);
    expect(await pull(`${origin}${path}${expired}`)).toBe(403);
    expect(await pull(`${origin}${path}${credential(path).replace(/sig=(.)/, (_, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`)}`)).toBe(403);
    expect(await pull(`${origin}${path}${credential(path)}`, 'POST')).toBe(405);
    expect(await pull(`${origin}${path}${credential(path)}`)).toBe(200);
    await waitFor(() => metric('ovation_ingest_play_refusals_total{protocol="flv",reason="forged",service="ingest"} 3'), 10_000, 'the forged FLV pulls counted');
    const external = Object.values(networkInterfaces()).flat().find((address) => address && !address.internal && address.family === 'IPv4');
    expect(external).toBeDefined();
    await expect(fetch(`http://${external!.address}:${fleet.byName('ingest').ports.FLV_PORT}${path}`)).rejects.toThrow();
  }, 30_000);

  it('serves HTTP-FLV that decodes', async () => {
    const response = await fetch(`${playback}/live/${roomId}.flv?${signed(roomId)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/x-flv');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size > 150_000) break;
    }
    const file = join(mediaDir, 'probe.flv');
    await writeFile(file, Buffer.concat(chunks));
    const video = (await probe(file)).find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', height: 240 });
    expect(Number(video?.nb_read_frames)).toBeGreaterThan(0);
  }, 30_000);

  it('grabs thumbnails, announced on Kafka and served as the room cover', async () => {
    const event = await waitFor(() => lifecycle.find((e) => e.roomId === roomId && e.thumbnail)?.thumbnail ?? undefined, 15_000, 'ThumbnailUpdated');
    expect(event.url).toContain(`/thumbnails/${roomId}.jpg`);
    const response = await fetch(`${playback}/thumbnails/${roomId}.jpg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }, 20_000);

  it('cuts a live publish within seconds when its room is ended (taken down): the FLV viewer is cut, playback refuses, the old key cannot publish again', async () => {
    const takenDown = (await room.client.createRoom({ actor: owner, title: 'Taken down', category: 'music', coverUrl: '' })).room!.id;
    const key = (await room.client.getPublishInfo({ actor: owner, roomId: takenDown })).streamKey;
    const live = publish(`${rtmp}/${key}`);
    try {
      const flv = `${playback}/live/${takenDown}.flv?${signed(takenDown)}`;
      const viewer = await waitFor(async () => {
        const response = await fetch(flv);
        if (response.status === 200) return response;
        await response.body?.cancel();
        return undefined;
      }, 30_000, 'the FLV of the room to be taken down');
      await waitFor(async () => ((await fetch(`${playback}/live/${takenDown}/master.m3u8?${signed(takenDown)}`)).status === 200 ? true : undefined), 30_000, 'its HLS master');
      const reader = (viewer.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).done).toBe(false);
      const exited = once(live, 'exit');
      const cutAt = Date.now();
      await room.client.endRoom({ actor: owner, roomId: takenDown, reason: 'takedown' });
      await within(exited, 5_000, 'the publish to be cut');
      await within((async () => {
        while (!(await reader.read()).done);
      })(), 5_000, 'the FLV viewer to be cut');
      const refused = async (url: string) => {
        const response = await fetch(url);
        return response.status === 403 && ((await response.json()) as { error: { code: string } }).error.code === 'room_ended' ? true : undefined;
      };
      await waitFor(() => refused(flv), 5_000, 'playback to refuse the FLV');
      await waitFor(() => refused(`${playback}/live/${takenDown}/master.m3u8?${signed(takenDown)}`), 5_000, 'playback to refuse the HLS master');
      expect(Date.now() - cutAt).toBeLessThan(5_000);
      await waitFor(() => lifecycle.find((e) => e.roomId === takenDown && e.stopped?.reason === ingestV1.StopReason.STOP_REASON_KICKED) ?? undefined, 5_000, 'StreamStopped (kicked)');
      const again = publish(`${rtmp}/${key}`);
      const [code] = (await once(again, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      await waitFor(() => metric('ovation_ingest_publish_rejections_total{reason="room_ended",service="ingest"} 1'), 10_000, 'the room_ended rejection');
    } finally {
      live.kill('SIGKILL');
    }
  }, 90_000);

  it('ends the room after unpublish, and the recording plays as VOD with its replay document', async () => {
    broadcaster!.kill('SIGINT');
    await once(broadcaster!, 'exit');
    await waitFor(async () => ((await roomStatus()) === roomV1.RoomStatus.ROOM_STATUS_ENDED ? true : undefined), 20_000, 'the room to end');
    const stopped = await waitFor(() => lifecycle.find((e) => e.roomId === roomId && e.stopped)?.stopped ?? undefined, 10_000, 'StreamStopped');
    expect(stopped.reason).toBe(ingestV1.StopReason.STOP_REASON_UNPUBLISHED);
    const recording = await waitFor(() => lifecycle.find((e) => e.roomId === roomId && e.recording)?.recording ?? undefined, 10_000, 'RecordingReady');
    expect(Number(recording.durationMs)).toBeGreaterThan(2000);

    const query = signed(recording.recordingId);
    const vod = await fetch(`${playback}/vod/${recording.recordingId}/index.m3u8?${query}`);
    expect(vod.status).toBe(200);
    expect(await vod.text()).toContain('#EXT-X-ENDLIST');
    const streams = await probe(`${playback}/vod/${recording.recordingId}/index.m3u8?${query}`);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', height: 240 });

    const replay = (await (await fetch(`${playback}/vod/${recording.recordingId}?${query}`)).json()) as { danmaku: { url: string } };
    expect(replay).toMatchObject({ recordingId: recording.recordingId, roomId, video: { hls: expect.stringContaining(`/vod/${recording.recordingId}/index.m3u8?`) } });
    expect(replay.danmaku.url).toContain(`/v1/rooms/${roomId}/danmaku?from=`);
    expect((await fetch(`${playback}/vod/${recording.recordingId}/index.m3u8`)).status).toBe(403);
  }, 60_000);
});
