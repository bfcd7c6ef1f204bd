import { join } from 'node:path';
import { MediaStorage } from './media-storage';

describe('MediaStorage read paths', () => {
  const storage = new MediaStorage('/srv/media');

  it('resolves plain names under the media root', () => {
    expect(storage.livePath('room-1', 'source', 'index.m3u8')).toBe(join('/srv/media', 'live', 'room-1', 'source', 'index.m3u8'));
    expect(storage.recordingPath('rec-1', '3.ts')).toBe(join('/srv/media', 'recordings', 'rec-1', '3.ts'));
  });

  it('finds nothing for a name from a request that is not plain, the room or recording included (no throw)', async () => {
    for (const id of ['a.b', '..', '', 'x/y']) {
      expect(storage.livePath(id, 'thumbnail.jpg')).toBeUndefined();
      expect(storage.recordingPath(id, 'index.m3u8')).toBeUndefined();
      await expect(storage.readStreamInfo(id)).resolves.toBeUndefined();
      await expect(storage.readRecordingInfo(id)).resolves.toBeUndefined();
    }
    expect(storage.livePath('room-1', '..', 'index.m3u8')).toBeUndefined();
  });
});
