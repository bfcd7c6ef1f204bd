import { FlvPiece } from './flv-tags';

/**
 * What a viewer joining a running FLV stream is sent first so its player can show a picture at
 * once: the header, the metadata, the codec sequence headers and the group of pictures since the
 * last video keyframe. A GOP grown past `maxGopBytes` is dropped until the next keyframe.
 */
export class FlvJoinCache {
  private header?: Buffer;
  private metadata?: Buffer;
  private audioConfig?: Buffer;
  private videoConfig?: Buffer;
  private gop: Buffer[] = [];
  private gopBytes = 0;
  private gopOpen = false;

  constructor(private readonly maxGopBytes = 8 * 1024 * 1024) {}

  add(piece: FlvPiece): void {
    if (piece.kind === 'header') {
      this.header = piece.bytes;
      return;
    }
    if (piece.type === 'script') this.metadata = piece.bytes;
    else if (piece.sequenceHeader) {
      if (piece.type === 'audio') this.audioConfig = piece.bytes;
      else this.videoConfig = piece.bytes;
    } else {
      if (piece.type === 'video' && piece.keyframe) {
        this.gop = [];
        this.gopBytes = 0;
        this.gopOpen = true;
      }
      if (!this.gopOpen) return;
      this.gop.push(piece.bytes);
      this.gopBytes += piece.bytes.length;
      if (this.gopBytes > this.maxGopBytes) {
        this.gop = [];
        this.gopBytes = 0;
        this.gopOpen = false;
      }
    }
  }

  /** Nothing until the header came; then everything a joiner needs, in stream order. */
  snapshot(): Buffer[] {
    if (!this.header) return [];
    return [this.header, this.metadata, this.videoConfig, this.audioConfig, ...this.gop].filter((b): b is Buffer => b !== undefined);
  }

  /** True once a joiner would get a decodable picture right away. */
  hasKeyframe(): boolean {
    return this.gopOpen && this.gop.length > 0;
  }
}
