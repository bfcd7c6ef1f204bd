import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { endedPlaylist, playlistDurationMs, RecordingInfo, segmentUris } from '@ovation/media-domain';

/** What ingest writes beside a live stream (`live/<room>/stream.json`): how playback reaches its origin. */
export interface LiveStreamInfo {
  roomId: string;
  streamId: string;
  ingestNode: string;
  /** HTTP-FLV of the stream on its ingest node. */
  flvOriginUrl: string;
  startedAtMs: number;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const FILE = /^[A-Za-z0-9_-]{1,128}\.(m3u8|ts|jpg)$/;

/** Refuses anything that is not a plain name: request paths can never leave the media directory. */
export function isSafeName(name: string, kind: 'id' | 'file'): boolean {
  return (kind === 'id' ? ID : FILE).test(name);
}

/**
 * The media directory shared by an ingest node and the playback nodes reading it (a local
 * directory in development, a shared volume in a cluster):
 * `live/<room>/{master.m3u8, stream.json, thumbnail.jpg, <rendition>/index.m3u8 + segments}` and
 * `recordings/<recording>/{index.m3u8, segments, recording.json}`.
 */
export class MediaStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  liveDir(roomId: string): string {
    return join(this.root, 'live', checked(roomId));
  }

  recordingDir(recordingId: string): string {
    return join(this.root, 'recordings', checked(recordingId));
  }

  thumbnailPath(roomId: string): string {
    return join(this.liveDir(roomId), 'thumbnail.jpg');
  }

  /**
   * A live file by its path under the room: `master.m3u8`, `thumbnail.jpg` or `<rendition>/<file>`.
   * Undefined for any name that is not plain, the room's included: readers take names from requests.
   */
  livePath(roomId: string, ...parts: string[]): string | undefined {
    return safeJoin(join(this.root, 'live'), [roomId, ...parts]);
  }

  recordingPath(recordingId: string, file: string): string | undefined {
    return safeJoin(join(this.root, 'recordings'), [recordingId, file]);
  }

  /** A fresh live directory for a new stream of the room: nothing of its previous stream stays. */
  async prepareLive(roomId: string, renditions: string[]): Promise<void> {
    const dir = this.liveDir(roomId);
    await rm(dir, { recursive: true, force: true });
    await Promise.all(renditions.map((name) => mkdir(join(dir, checked(name)), { recursive: true })));
  }

  async prepareRecording(recordingId: string): Promise<void> {
    await mkdir(this.recordingDir(recordingId), { recursive: true });
  }

  writeMaster(roomId: string, playlist: string): Promise<void> {
    return atomicWrite(join(this.liveDir(roomId), 'master.m3u8'), playlist);
  }

  writeStreamInfo(info: LiveStreamInfo): Promise<void> {
    return atomicWrite(join(this.liveDir(info.roomId), 'stream.json'), JSON.stringify(info));
  }

  async readStreamInfo(roomId: string): Promise<LiveStreamInfo | undefined> {
    return isSafeName(roomId, 'id') ? readJson<LiveStreamInfo>(join(this.liveDir(roomId), 'stream.json')) : undefined;
  }

  /** Forgets the room's live stream, unless a newer stream of the room already replaced it. */
  async removeStreamInfo(roomId: string, streamId: string): Promise<void> {
    const current = await this.readStreamInfo(roomId);
    if (current?.streamId === streamId) await rm(join(this.liveDir(roomId), 'stream.json'), { force: true });
  }

  async hasAllPlaylists(roomId: string, renditions: string[]): Promise<boolean> {
    const found = await Promise.all(renditions.map((name) => exists(join(this.liveDir(roomId), name, 'index.m3u8'))));
    return found.every(Boolean);
  }

  async modifiedAtMs(path: string): Promise<number | undefined> {
    try {
      return (await stat(path)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /**
   * Makes the recording a complete VOD playlist (even if ffmpeg died before ending it) and writes
   * its `recording.json`. Undefined when not one segment was recorded.
   */
  async finalizeRecording(info: Omit<RecordingInfo, 'durationMs'>): Promise<RecordingInfo | undefined> {
    const playlistPath = join(this.recordingDir(info.recordingId), 'index.m3u8');
    let playlist: string;
    try {
      playlist = await readFile(playlistPath, 'utf8');
    } catch {
      return undefined;
    }
    if (segmentUris(playlist).length === 0) return undefined;
    await atomicWrite(playlistPath, endedPlaylist(playlist));
    const recording: RecordingInfo = { ...info, durationMs: playlistDurationMs(playlist) };
    await atomicWrite(join(this.recordingDir(info.recordingId), 'recording.json'), JSON.stringify(recording));
    return recording;
  }

  async readRecordingInfo(recordingId: string): Promise<RecordingInfo | undefined> {
    return isSafeName(recordingId, 'id') ? readJson<RecordingInfo>(join(this.recordingDir(recordingId), 'recording.json')) : undefined;
  }
}

function checked(name: string): string {
  if (!isSafeName(name, 'id')) throw new Error(`unsafe media name ${JSON.stringify(name)}`);
  return name;
}

function safeJoin(dir: string, parts: string[]): string | undefined {
  const last = parts[parts.length - 1];
  if (!last || !isSafeName(last, 'file') || !parts.slice(0, -1).every((p) => isSafeName(p, 'id'))) return undefined;
  return join(dir, ...parts);
}

async function atomicWrite(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
