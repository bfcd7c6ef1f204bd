// `npm run bench:media`: the media path's latencies on this machine (docs/benchmarks.md), against a
// fleet of room + ingest + playback started from dist/ (port offset 7100; needs `npm run build`,
// ffmpeg, and MySQL/Redis/Kafka up):
//   1. publish → first playable HLS: from starting the RTMP publisher until the master playlist
//      and a segment of every rendition are served;
//   2. request → first FLV video frame: from a viewer's request until its first video frame
//      arrives (cold: the relay opens its origin connection; warm: another viewer already watches);
//   3. glass-to-glass: every frame carries its capture time (tools/bench/media/timecode.mjs), read
//      back from FLV tag timestamps on arrival, and from the decoded pixels of each new HLS segment
//      when it appears in its playlist.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureTimeOfFirstFrame, SOURCE, timecodeFilter } from './timecode.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const { startTestFleet, testSecrets } = require(join(root, 'dist/libs/platform/testing/src/index.js'));
const { createGrpcClient } = require(join(root, 'dist/libs/platform/grpc/src/index.js'));
const { FlvTagSplitter, segmentUris, signPlaybackGrant } = require(join(root, 'dist/libs/media/domain/src/index.js'));

const log = (line) => process.stdout.write(`[bench:media] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SEGMENT_SECONDS = Number(process.env.BENCH_SEGMENT_SECONDS ?? 1);
const RENDITIONS = process.env.BENCH_RENDITIONS ?? 'source,240p@400';
const base = Date.now();
const mediaDir = await mkdtemp(join(tmpdir(), 'ovation-bench-media-'));

log(`starting room + ingest + playback (segments ${SEGMENT_SECONDS} s, ladder ${RENDITIONS})`);
const fleet = await startTestFleet({
  portOffset: 7100,
  only: ['room', 'ingest', 'playback'],
  serviceEnv: {
    ingest: { MEDIA_DIR: mediaDir, HLS_RENDITIONS: RENDITIONS, HLS_SEGMENT_SECONDS: String(SEGMENT_SECONDS), PUBLISH_GRACE_MS: '1000' },
    playback: { MEDIA_DIR: mediaDir },
  },
});
const room = createGrpcClient({ domain: 'room', service: 'RoomService', address: `127.0.0.1:${fleet.byName('room').ports.GRPC_PORT}`, defaultDeadlineMs: 5000 });
const actor = { userId: 'bench-streamer', role: 'ROLE_USER' };
const playback = fleet.url('playback', 'HTTP_PORT');
let publisher;
const results = {};

try {
  const roomId = (await room.client.createRoom({ actor, title: 'bench', category: 'bench', coverUrl: '' })).room.id;
  const { streamKey } = await room.client.getPublishInfo({ actor, roomId });
  const sig = signPlaybackGrant({ roomId, expiresAt: Math.floor(Date.now() / 1000) + 3600 }, testSecrets.PLAYBACK_SIGNING_SECRET).toString();

  // 1. publish → first playable HLS
  const publishedAt = Date.now();
  publisher = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', SOURCE, '-vf', timecodeFilter(base), '-an',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p', '-f', 'flv',
    `rtmp://127.0.0.1:${fleet.byName('ingest').ports.RTMP_PORT}/live/${streamKey}`], { stdio: ['pipe', 'ignore', 'inherit'] });
  let variants;
  for (;;) {
    const master = await fetch(`${playback}/live/${roomId}/master.m3u8?${sig}`);
    if (master.status === 200) {
      variants = segmentUris(await master.text()).map((uri) => uri.split('/')[0]);
      const firsts = await Promise.all(variants.map(async (v) => {
        const [segment] = segmentUris(await (await fetch(`${playback}/live/${roomId}/${v}/index.m3u8?${sig}`)).text());
        return segment && (await fetch(`${playback}/live/${roomId}/${v}/${segment}`)).status === 200;
      }));
      if (firsts.every(Boolean)) break;
    }
    if (Date.now() - publishedAt > 60_000) throw new Error('no playable HLS after 60 s');
    await sleep(50);
  }
  results.hlsReadyMs = Date.now() - publishedAt;
  log(`publish → first playable HLS segment (every rendition): ${results.hlsReadyMs} ms`);

  // 2. request → first FLV video frame, cold (no viewer: the relay connects to the origin) and warm
  const firstFrame = async () => {
    const started = Date.now();
    const controller = new AbortController();
    const response = await fetch(`${playback}/live/${roomId}.flv?${sig}`, { signal: controller.signal });
    const splitter = new FlvTagSplitter();
    for await (const chunk of response.body) {
      if (splitter.push(Buffer.from(chunk)).some((p) => p.kind === 'tag' && p.type === 'video' && !p.sequenceHeader)) break;
    }
    controller.abort();
    return Date.now() - started;
  };
  results.flvCold = [];
  for (let i = 0; i < 5; i += 1) {
    results.flvCold.push(await firstFrame());
    await sleep(300);
  }
  const watcher = new AbortController();
  const watching = fetch(`${playback}/live/${roomId}.flv?${sig}`, { signal: watcher.signal });
  await sleep(500);
  results.flvWarm = [];
  for (let i = 0; i < 5; i += 1) results.flvWarm.push(await firstFrame());
  log(`request → first FLV video frame: cold ${results.flvCold.join(', ')} ms; warm ${results.flvWarm.join(', ')} ms`);

  // 3a. FLV glass-to-glass: arrival time minus capture time of every video frame, after 3 s of watching
  const flvLatencies = [];
  {
    const response = await watching;
    const splitter = new FlvTagSplitter();
    const joinedAt = Date.now();
    for await (const chunk of response.body) {
      const now = Date.now();
      for (const p of splitter.push(Buffer.from(chunk))) {
        if (p.kind === 'tag' && p.type === 'video' && !p.sequenceHeader && now - joinedAt > 3000) flvLatencies.push(now - (base + p.timestampMs));
      }
      if (now - joinedAt > 13_000) break;
    }
    watcher.abort();
  }
  results.flvG2g = stats(flvLatencies);
  log(`FLV glass-to-glass over ${flvLatencies.length} frames: p50 ${results.flvG2g.p50} ms, p95 ${results.flvG2g.p95} ms, max ${results.flvG2g.max} ms`);

  // 3b. HLS glass-to-glass at the live edge: a segment's first frame, when the segment appears in its playlist
  results.hlsG2g = {};
  const seen = new Set();
  const hls = Object.fromEntries(variants.map((v) => [v, []]));
  const until = Date.now() + 12_000;
  while (Date.now() < until) {
    for (const v of variants) {
      const segments = segmentUris(await (await fetch(`${playback}/live/${roomId}/${v}/index.m3u8?${sig}`)).text());
      const newest = segments[segments.length - 1];
      if (!newest || seen.has(`${v}/${newest}`)) continue;
      const first = seen.size < variants.length; // the segment already there at start is not a fresh edge
      seen.add(`${v}/${newest}`);
      if (first && !Object.values(hls).some((l) => l.length)) continue;
      const appearedAt = Date.now();
      const file = join(mediaDir, `bench-${v}.ts`);
      await writeFile(file, Buffer.from(await (await fetch(`${playback}/live/${roomId}/${v}/${newest}`)).arrayBuffer()));
      hls[v].push(appearedAt - (await captureTimeOfFirstFrame(file, base)));
    }
    await sleep(100);
  }
  for (const v of variants) {
    results.hlsG2g[v] = stats(hls[v]);
    log(`HLS glass-to-glass (${v}, live edge, ${hls[v].length} segments): p50 ${results.hlsG2g[v].p50} ms, max ${results.hlsG2g[v].max} ms`);
  }
  log(`RESULT ${JSON.stringify({ segmentSeconds: SEGMENT_SECONDS, renditions: RENDITIONS, ...results })}`);
} finally {
  publisher?.kill('SIGKILL');
  room.close();
  await fleet.stop();
  await rm(mediaDir, { recursive: true, force: true });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}
