/** What ingest writes beside a finished recording (`recording.json`), and playback reads back. */
export interface RecordingInfo {
  recordingId: string;
  roomId: string;
  streamId: string;
  /** Epoch milliseconds of the recording's first frame. */
  startedAtMs: number;
  /** Epoch milliseconds the stream ended. */
  endedAtMs: number;
  durationMs: number;
}

/**
 * Everything a client needs to replay a stream with its danmaku: the VOD playlist, and the
 * gateway's danmaku replay query for the recording's window. The gateway counts a message's
 * `offsetMs` from the moment the room went live; a recording may begin later (a broadcaster who
 * reconnected), so a message belongs at `offsetMs - danmaku.from` milliseconds into the video.
 */
export interface ReplayDocument {
  recordingId: string;
  roomId: string;
  startedAtMs: number;
  endedAtMs: number;
  durationMs: number;
  video: { hls: string };
  danmaku: { url: string; from: number; to: number; videoOffset: string };
}

export function replayDocument(info: RecordingInfo, roomLiveAtMs: number, urls: { playlist: string; gatewayUrl: string }): ReplayDocument {
  const from = roomLiveAtMs > 0 ? Math.max(0, info.startedAtMs - roomLiveAtMs) : 0;
  const to = from + Math.max(1, info.durationMs);
  const base = urls.gatewayUrl.replace(/\/+$/, '');
  return {
    recordingId: info.recordingId,
    roomId: info.roomId,
    startedAtMs: info.startedAtMs,
    endedAtMs: info.endedAtMs,
    durationMs: info.durationMs,
    video: { hls: urls.playlist },
    danmaku: { url: `${base}/v1/rooms/${encodeURIComponent(info.roomId)}/danmaku?from=${from}&to=${to}`, from, to, videoOffset: 'offsetMs - from' },
  };
}
