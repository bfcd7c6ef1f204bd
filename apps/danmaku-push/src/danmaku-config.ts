import { field } from '@ovation/config';
import { CHAT_MAX_MARKS_PER_CHAR } from '@ovation/danmaku-domain';
import { z } from 'zod';

/** The WebSocket protocol, write path and fan-out of a push node (documented in the app README and docs/protocol.md). */
export const danmakuFields = {
  WS_PORT: field.port(8090),
  /** The URL viewers reach this node's socket at, as registered with the scheduler; default ws://127.0.0.1:<WS_PORT>/ws. */
  PUSH_PUBLIC_URL: z.string().regex(/^(wss?:\/\/\S+)?$/, 'must be a ws:// or wss:// URL').default(''),
  /** The gRPC address other services reach this node at, as registered with the scheduler; default 127.0.0.1:<GRPC_PORT>. */
  PUSH_GRPC_ADVERTISE: field.string(''),
  /**
   * Sockets this node holds at most: the capacity it reports to the scheduler (which places no
   * viewer on a node whose sockets reached it) and the cap past which it refuses an upgrade (503).
   */
  PUSH_CAPACITY: field.int(50_000, 1, 10_000_000),
  /** New sockets (upgrades) this node takes a second, also its burst; past it an upgrade is refused (503, Retry-After). */
  HANDSHAKES_PER_SECOND: field.int(1000, 1, 1_000_000),
  /** Verifies join tokens (HS256, issuer ovation, audience ovation-push); shared with the gateway. */
  JOIN_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ROOM_GRPC_URL: field.string('127.0.0.1:50051'),
  SCHEDULER_GRPC_URL: field.string('127.0.0.1:50053'),
  GRPC_DEADLINE_MS: field.int(2000, 50, 60_000),
  /**
   * Announced in welcome; a socket silent for two is closed. 30 s keeps idle viewers cheap (a
   * ping and a pong each, per interval) and stays under the 60 s idle timeout of common proxies.
   */
  HEARTBEAT_INTERVAL_MS: field.int(30_000, 100, 300_000),
  CHAT_MAX_CHARS: field.int(100, 1, 2000),
  /** Combining marks one character may carry (more: nack `invalid`); 30 is Unicode's stream-safe bound (UAX #15). */
  CHAT_MAX_MARKS_PER_CHAR: field.int(CHAT_MAX_MARKS_PER_CHAR, 1, 30),
  /** Comma-separated sensitive words (added to those of SENSITIVE_WORDS_FILE). */
  SENSITIVE_WORDS: field.list([]),
  /** A UTF-8 file with one sensitive word per line. */
  SENSITIVE_WORDS_FILE: field.string(''),
  FILTER_MODE: field.enumOf(['mask', 'reject'], 'mask'),
  /**
   * How long a sensitive-word list (the platform's, a room's) is trusted before room is asked
   * again (for its version only, while unchanged). Room announces every change on the room stream
   * and push nodes fetch it at once: this bounds how long a lost announcement lasts.
   */
  SENSITIVE_WORDS_CACHE_MS: field.int(30_000, 0, 600_000),
  RATE_USER_BURST: field.int(5, 1, 10_000),
  RATE_USER_INTERVAL_MS: field.int(1000, 1, 3_600_000),
  RATE_ROOM_PER_SECOND: field.int(500, 1, 1_000_000),
  /**
   * How long a room's status (is it live) is trusted, from a state event or from room's GetRoom,
   * before room is asked again. Room announces every change on the room stream and push nodes
   * apply it at once: this bounds how long a lost announcement (or an answer older than it) lasts.
   */
  ROOM_CACHE_MS: field.int(10_000, 0, 60_000),
  /**
   * How long a CheckSpeaker answer (mute, ban, role) is reused. Room announces every change on the
   * room stream and push nodes apply it at once: this only bounds how long a lost announcement lasts.
   */
  SPEAKER_CACHE_MS: field.int(30_000, 0, 600_000),
  ROOM_STALE_IF_ERROR_MS: field.int(600_000, 0, 3_600_000),
  PRODUCE_TIMEOUT_MS: field.int(5000, 100, 60_000),
  /**
   * How long Kafka may hold a fetch of room events to gather ROOM_EVENTS_FETCH_MIN_BYTES: under
   * load a fetch brings a batch instead of an event or two, for a fraction of the fan-out window.
   */
  ROOM_EVENTS_FETCH_WAIT_MS: field.int(20, 0, 1000),
  ROOM_EVENTS_FETCH_MIN_BYTES: field.int(16 * 1024, 1, 1 << 20),
  /** How often a node deletes the consumer groups of push nodes that are gone (pruneSiblingGroups). */
  GROUP_PRUNE_INTERVAL_MS: field.int(300_000, 1000, 86_400_000),
  BATCH_WINDOW_MS: field.int(50, 5, 1000),
  /** The longest a big room's window is stretched to keep it within FANOUT_ROOM_FRAMES_PER_SECOND. */
  BATCH_WINDOW_MAX_MS: field.int(250, 5, 5000),
  BATCH_MAX_EVENTS: field.int(200, 1, 5000),
  FANOUT_ROOM_FRAMES_PER_SECOND: field.int(20_000, 1, 10_000_000),
  FANOUT_CHAT_PER_SECOND: field.int(300, 0, 1_000_000),
  /** Chat deliveries (chat × sockets) a second one room may cost this node; past it its chat is sampled. */
  FANOUT_ROOM_DELIVERIES_PER_SECOND: field.int(250_000, 1, 1_000_000_000),
  SOCKET_SOFT_LIMIT_BYTES: field.int(256 * 1024, 1024, 1 << 30),
  SOCKET_HARD_LIMIT_BYTES: field.int(1024 * 1024, 1024, 1 << 30),
  JOIN_TAIL_MS: field.int(10_000, 0, 3_600_000),
  JOIN_TAIL_MAX_EVENTS: field.int(50, 0, 2000),
  HISTORY_MAX_EVENTS: field.int(2000, 10, 100_000),
  HISTORY_TTL_MS: field.int(3_600_000, 1000, 7 * 86_400_000),
  LIKE_WINDOW_MS: field.int(1000, 50, 60_000),
  /** Like taps one user may add to one room, from every socket on every node together: a burst, then one more every interval. */
  LIKE_USER_BURST: field.int(200, 1, 1_000_000),
  LIKE_USER_INTERVAL_MS: field.int(100, 1, 3_600_000),
  /**
   * Each socket's budget per kind of client frame: a burst, then one more every interval. A
   * refused frame is answered (chat: nack rate_limited; the others: error rate_limited); a socket
   * that spends its refusal budget too is closed with 4029.
   */
  SOCKET_CHAT_BURST: field.int(20, 1, 1_000_000),
  SOCKET_CHAT_INTERVAL_MS: field.int(100, 1, 3_600_000),
  SOCKET_LIKE_BURST: field.int(20, 1, 1_000_000),
  SOCKET_LIKE_INTERVAL_MS: field.int(100, 1, 3_600_000),
  SOCKET_PING_BURST: field.int(10, 1, 1_000_000),
  SOCKET_PING_INTERVAL_MS: field.int(200, 1, 3_600_000),
  SOCKET_RESUME_BURST: field.int(3, 1, 1_000_000),
  SOCKET_RESUME_INTERVAL_MS: field.int(10_000, 1, 3_600_000),
  SOCKET_REFUSALS_BURST: field.int(20, 1, 1_000_000),
  SOCKET_REFUSALS_INTERVAL_MS: field.int(500, 1, 3_600_000),
  /**
   * Replay (join tail and resumes) one socket gets a minute, in events and in bytes (also the
   * burst): one replay at a time, started while neither is spent and charged in full, so a socket
   * gets at most this much a minute plus one replay of the room's kept history.
   */
  REPLAY_EVENTS_PER_MINUTE: field.int(5000, 1, 100_000_000),
  REPLAY_BYTES_PER_MINUTE: field.int(4 * 1024 * 1024, 1024, 1 << 30),
  DRAIN_SPREAD_MS: field.int(5000, 0, 300_000),
  DRAIN_GRACE_MS: field.int(10_000, 0, 600_000),
  PRESENCE_INTERVAL_MS: field.int(2000, 100, 60_000),
};
