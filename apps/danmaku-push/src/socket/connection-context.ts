import type { TokenVerifier } from '@ovation/auth';
import type { SocketLimits } from '@ovation/danmaku-domain';
import type { DanmakuWriter, LikePublisher, PushMetrics, RoomFanout, SpeakerStandings } from '@ovation/danmaku-server';
import type { Logger } from 'pino';

/** What every socket of a node shares. */
export interface ConnectionContext {
  nodeId: string;
  heartbeatIntervalMs: number;
  /** Every socket's budgets (frames, replay, refusals). */
  limits: SocketLimits;
  /** A socket with more unsent than this is cut (4008) at its next write, whatever the write. */
  hardLimitBytes: number;
  verifier: TokenVerifier;
  fanout: RoomFanout;
  writer: DanmakuWriter;
  likes: Pick<LikePublisher, 'add'>;
  standings: SpeakerStandings;
  metrics: PushMetrics;
  logger: Logger;
}
