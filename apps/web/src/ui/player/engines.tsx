// The two ways to play a live room in a browser: HLS through hls.js (adaptive, a few seconds
// behind) and HTTP-FLV through mpegts.js (one rendition, about a second behind). Each library is
// loaded only when chosen. Playback failures (the stream not started yet, a dropped connection)
// are retried by the caller, which builds a fresh engine.

export type PlaybackMode = 'hls' | 'flv';

export interface Rendition {
  index: number;
  label: string;
}

export interface EngineEvents {
  renditions(list: Rendition[]): void;
  activeRendition(index: number): void;
  /** Fatal: the caller tears this engine down and tries again. */
  failed(reason: string): void;
}

export interface PlaybackEngine {
  /** -1: automatic (adaptive). */
  chooseRendition(index: number): void;
  destroy(): void;
}

export async function startEngine(mode: PlaybackMode, video: HTMLVideoElement, url: string, events: EngineEvents): Promise<PlaybackEngine> {
  return mode === 'hls' ? startHls(video, url, events) : startFlv(video, url, events);
}

async function startHls(video: HTMLVideoElement, url: string, events: EngineEvents): Promise<PlaybackEngine> {
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) {
    // Safari plays HLS natively (no rendition choice: it adapts on its own).
    video.src = url;
    video.addEventListener('error', () => events.failed('the browser could not play the stream'), { once: true });
    void video.play().catch(() => undefined);
    return { chooseRendition: () => undefined, destroy: () => video.removeAttribute('src') };
  }
  const hls = new Hls({ lowLatencyMode: true, liveSyncDurationCount: 2, manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 4 });
  hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    events.renditions(data.levels.map((level, index) => ({ index, label: renditionLabel(level.height, level.bitrate, level.name) })));
    void video.play().catch(() => undefined);
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => events.activeRendition(data.level));
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
    else events.failed(data.details);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    chooseRendition: (index) => {
      hls.currentLevel = index;
    },
    destroy: () => hls.destroy(),
  };
}

async function startFlv(video: HTMLVideoElement, url: string, events: EngineEvents): Promise<PlaybackEngine> {
  const { default: mpegts } = await import('mpegts.js');
  if (!mpegts.isSupported()) {
    events.failed('this browser cannot play HTTP-FLV (no Media Source Extensions)');
    return { chooseRendition: () => undefined, destroy: () => undefined };
  }
  const player = mpegts.createPlayer(
    { type: 'flv', isLive: true, url, hasAudio: true, hasVideo: true },
    { enableStashBuffer: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 2, liveBufferLatencyMinRemain: 0.5, lazyLoad: false },
  );
  player.on(mpegts.Events.ERROR, (type: string, detail: string) => events.failed(`${type}: ${detail}`));
  player.attachMediaElement(video);
  player.load();
  void Promise.resolve(player.play()).catch(() => undefined);
  events.renditions([]);
  return {
    chooseRendition: () => undefined,
    destroy: () => {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    },
  };
}

function renditionLabel(height: number | undefined, bitrate: number, name: string | undefined): string {
  if (height) return `${height}p`;
  if (name) return name;
  return `${Math.round(bitrate / 1000)} kb/s`;
}
