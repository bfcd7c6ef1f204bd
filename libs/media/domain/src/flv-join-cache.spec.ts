import { FlvJoinCache } from './flv-join-cache';
import { FlvPiece } from './flv-tags';

const piece = (name: string, type: 'audio' | 'video' | 'script', flags: { keyframe?: boolean; sequenceHeader?: boolean } = {}, size = 1): FlvPiece => ({
  kind: 'tag',
  type,
  timestampMs: 0,
  keyframe: flags.keyframe ?? false,
  sequenceHeader: flags.sequenceHeader ?? false,
  bytes: Buffer.from(name.padEnd(size, '.')),
});
const names = (buffers: Buffer[]) => buffers.map((b) => b.toString().replace(/\.+$/, ''));

describe('FLV join cache', () => {
  it('gives a joiner the header, metadata, sequence headers and the current GOP', () => {
    const cache = new FlvJoinCache();
    expect(cache.snapshot()).toEqual([]);
    cache.add({ kind: 'header', bytes: Buffer.from('H') });
    cache.add(piece('M', 'script'));
    cache.add(piece('VS', 'video', { sequenceHeader: true, keyframe: true }));
    cache.add(piece('AS', 'audio', { sequenceHeader: true }));
    cache.add(piece('a0', 'audio'));
    expect(cache.hasKeyframe()).toBe(false);
    cache.add(piece('K1', 'video', { keyframe: true }));
    cache.add(piece('a1', 'audio'));
    cache.add(piece('P1', 'video'));
    cache.add(piece('K2', 'video', { keyframe: true }));
    cache.add(piece('P2', 'video'));
    expect(cache.hasKeyframe()).toBe(true);
    expect(names(cache.snapshot())).toEqual(['H', 'M', 'VS', 'AS', 'K2', 'P2']);
  });

  it('drops a GOP that grows too big until the next keyframe', () => {
    const cache = new FlvJoinCache(10);
    cache.add({ kind: 'header', bytes: Buffer.from('H') });
    cache.add(piece('K1', 'video', { keyframe: true }, 6));
    cache.add(piece('P1', 'video', {}, 6));
    cache.add(piece('P2', 'video', {}, 1));
    expect(names(cache.snapshot())).toEqual(['H']);
    cache.add(piece('K2', 'video', { keyframe: true }, 2));
    expect(names(cache.snapshot())).toEqual(['H', 'K2']);
  });
});
