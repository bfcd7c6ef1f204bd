import { Rendition } from '@ovation/media-domain';

/** How every stream of an ingest node is transcoded (from the service's configuration). */
export interface PipelineSettings {
  ffmpegPath: string;
  ladder: Rendition[];
  segmentSeconds: number;
  playlistSize: number;
  preset: string;
  thumbnailEverySeconds: number;
  thumbnailHeight: number;
  recordingSegmentSeconds: number;
  /** How long the master playlist may wait for every rendition's first segment before it is written anyway. */
  firstSegmentTimeoutMs: number;
}
