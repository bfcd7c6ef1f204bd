import { replayDocument } from './replay';

const info = { recordingId: 'rec1', roomId: 'room 1', streamId: 's1', startedAtMs: 61_000, endedAtMs: 121_000, durationMs: 59_500 };
const urls = { playlist: 'http://pb/vod/rec1/index.m3u8?sig=x', gatewayUrl: 'http://gw:8080/' };

describe('replay document', () => {
  it('links the VOD playlist and the danmaku of the recording window, counted from the room going live', () => {
    const doc = replayDocument(info, 1000, urls);
    expect(doc.video.hls).toBe('http://pb/vod/rec1/index.m3u8?sig=x');
    expect(doc.danmaku).toEqual({ url: 'http://gw:8080/v1/rooms/room%201/danmaku?from=60000&to=119500', from: 60_000, to: 119_500, videoOffset: 'offsetMs - from' });
  });

  it('starts at the beginning when the room never recorded going live', () => {
    expect(replayDocument(info, 0, urls).danmaku.from).toBe(0);
  });
});
