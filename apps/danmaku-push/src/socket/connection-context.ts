import type { TokenVerifier } from '@ovation/auth';
import type { DanmakuWriter, LikePublisher, PushMetrics, RoomFanout, SpeakerStandings } from '@ovation/danmaku-server';
import type { Logger } from 'pino';

/** What every socket of a node shares. */
export interface ConnectionContext {
  nodeId: string;
  heartbeatIntervalMs: number;
  verifier: TokenVerifier;
  fanout: RoomFanout;
  writer: DanmakuWriter;
  likes: LikePublisher;
  standings: SpeakerStandings;
  metrics: PushMetrics;
  logger: Logger;
}
