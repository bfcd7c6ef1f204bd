export { restartDelayMs } from './backoff';
export { ffmpegArgs, TranscodePlan } from './ffmpeg-args';
export { FlvJoinCache } from './flv-join-cache';
export { FlvFormatError, FlvPiece, FlvTagSplitter } from './flv-tags';
export { endedPlaylist, masterPlaylist, playlistDurationMs, segmentUris, VariantInfo, variantsOf, withQueryOnUris } from './hls-playlist';
export { fitLadder, parseLadder, Rendition } from './ladder';
export { PlaybackGrant, signPlaybackGrant, SignatureProblem, verifyPlaybackGrant } from './playback-signature';
export { PublishRejection, rejectionOf } from './publish-rejection';
export { RecordingInfo, ReplayDocument, replayDocument } from './replay';
