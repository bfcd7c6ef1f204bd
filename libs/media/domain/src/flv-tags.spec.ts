import { FlvFormatError, FlvPiece, FlvTagSplitter } from './flv-tags';

const header = Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);

function tag(type: number, timestamp: number, data: number[]): Buffer {
  const body = Buffer.from(data);
  const head = Buffer.alloc(11);
  head[0] = type;
  head.writeUIntBE(body.length, 1, 3);
  head.writeUIntBE(timestamp & 0xffffff, 4, 3);
  head[7] = (timestamp >>> 24) & 0xff;
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(11 + body.length);
  return Buffer.concat([head, body, trailer]);
}

const summary = (pieces: FlvPiece[]) =>
  pieces.map((p) => (p.kind === 'header' ? 'header' : `${p.type}@${p.timestampMs}${p.keyframe ? ' key' : ''}${p.sequenceHeader ? ' seq' : ''}`));

describe('FLV tag splitter', () => {
  const stream = Buffer.concat([
    header,
    tag(18, 0, [2, 0, 10]),
    tag(9, 0, [0x17, 0, 0, 0, 0]), // AVC sequence header
    tag(8, 0, [0xaf, 0, 0x12, 0x10]), // AAC sequence header
    tag(9, 40, [0x17, 1, 0, 0, 0, 9]), // keyframe
    tag(8, 46, [0xaf, 1, 7]),
    tag(9, 80, [0x27, 1, 0, 0, 0, 9]), // inter frame
    tag(9, 0x01000010, [0x91, 0, 0]), // enhanced RTMP coded frame, keyframe, extended timestamp
  ]);

  it('finds the header and classifies every tag', () => {
    expect(summary(new FlvTagSplitter().push(stream))).toEqual([
      'header',
      'script@0',
      'video@0 key seq',
      'audio@0 seq',
      'video@40 key',
      'audio@46',
      'video@80',
      'video@16777232 key',
    ]);
  });

  it('gives the same pieces whatever the chunking, with their exact bytes', () => {
    const splitter = new FlvTagSplitter();
    const pieces: FlvPiece[] = [];
    for (let i = 0; i < stream.length; i += 7) pieces.push(...splitter.push(stream.subarray(i, i + 7)));
    expect(summary(pieces)).toEqual(summary(new FlvTagSplitter().push(stream)));
    expect(Buffer.concat(pieces.map((p) => p.bytes)).equals(stream)).toBe(true);
  });

  it('refuses what is not FLV', () => {
    expect(() => new FlvTagSplitter().push(Buffer.from('<html>not found</html>'))).toThrow(FlvFormatError);
    expect(() => new FlvTagSplitter(4).push(Buffer.concat([header, tag(9, 0, [0x17, 1, 0, 0, 0, 9])]))).toThrow(/exceeds/);
  });
});
