/** One piece of an FLV byte stream, with its bytes exactly as received (to forward untouched). */
export type FlvPiece =
  | { kind: 'header'; bytes: Buffer }
  | { kind: 'tag'; type: 'audio' | 'video' | 'script'; timestampMs: number; keyframe: boolean; sequenceHeader: boolean; bytes: Buffer };

const FLV_HEADER = 9 + 4; // the header and PreviousTagSize0
const TAG_HEADER = 11;
const TAG_TRAILER = 4; // PreviousTagSize
const TAG_TYPES: Record<number, 'audio' | 'video' | 'script'> = { 8: 'audio', 9: 'video', 18: 'script' };
const AAC = 10;
const AVC = 7;
const HEVC = 12;

/** Thrown for bytes that are not FLV: the connection they came on is useless. */
export class FlvFormatError extends Error {}

/**
 * Cuts an FLV byte stream, arriving in arbitrary chunks, into its header and whole tags, and tells
 * which tags a late joiner needs: codec sequence headers and video keyframes (plain and
 * enhanced-RTMP video headers).
 */
export class FlvTagSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private headerSeen = false;

  constructor(private readonly maxTagBytes = 16 * 1024 * 1024) {}

  push(chunk: Buffer): FlvPiece[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const pieces: FlvPiece[] = [];
    let offset = 0;
    if (!this.headerSeen) {
      if (this.pending.length < FLV_HEADER) return pieces;
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV stream (no FLV signature)');
      const headerLength = this.pending.readUInt32BE(5);
      if (headerLength !== 9) throw new FlvFormatError(`unexpected FLV header length ${headerLength}`);
      pieces.push({ kind: 'header', bytes: this.pending.subarray(0, FLV_HEADER) });
      offset = FLV_HEADER;
      this.headerSeen = true;
    }
    while (this.pending.length - offset >= TAG_HEADER) {
      const dataSize = this.pending.readUIntBE(offset + 1, 3);
      if (dataSize > this.maxTagBytes) throw new FlvFormatError(`FLV tag of ${dataSize} bytes exceeds the limit`);
      const total = TAG_HEADER + dataSize + TAG_TRAILER;
      if (this.pending.length - offset < total) break;
      const bytes = this.pending.subarray(offset, offset + total);
      pieces.push(describe(bytes, dataSize));
      offset += total;
    }
    // Copy the remainder so the (possibly large) buffer it came from can be freed.
    this.pending = offset === 0 ? this.pending : Buffer.from(this.pending.subarray(offset));
    return pieces;
  }
}

function describe(bytes: Buffer, dataSize: number): FlvPiece {
  const typeCode = bytes[0] & 0x1f;
  const type = TAG_TYPES[typeCode];
  if (!type) throw new FlvFormatError(`unknown FLV tag type ${typeCode}`);
  const timestampMs = ((bytes[7] << 24) | bytes.readUIntBE(4, 3)) >>> 0;
  const first = dataSize > 0 ? bytes[TAG_HEADER] : 0;
  const second = dataSize > 1 ? bytes[TAG_HEADER + 1] : -1;
  let keyframe = false;
  let sequenceHeader = false;
  if (type === 'video') {
    if (first & 0x80) {
      // Enhanced RTMP: frame type in bits 4-6, packet type in the low nibble (0 = sequence start).
      keyframe = ((first >> 4) & 0x07) === 1;
      sequenceHeader = (first & 0x0f) === 0;
    } else {
      keyframe = first >> 4 === 1;
      const codec = first & 0x0f;
      sequenceHeader = (codec === AVC || codec === HEVC) && second === 0;
    }
  } else if (type === 'audio') {
    sequenceHeader = first >> 4 === AAC && second === 0;
  }
  return { kind: 'tag', type, timestampMs, keyframe, sequenceHeader, bytes };
}
