import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { createTokenVerifier } from '@ovation/auth';
import { roomV1, Topics } from '@ovation/contracts';
import { Rate, SensitiveWordFilter, SocketLimits } from '@ovation/danmaku-domain';
import {
  ChatAdmission,
  DanmakuWriter,
  GiftEffectFirsts,
  LikeAllowance,
  LikePublisher,
  PushMetrics,
  RoomClient,
  RoomFanout,
  RoomHistory,
  RoomLiveness,
  SensitiveWordLists,
  SpeakerStandings,
} from '@ovation/danmaku-server';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { EventProducer, namespacedTopic } from '@ovation/kafka';
import { METRICS_REGISTRY } from '@ovation/observability';
import { REDIS, RedisClient, SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PushConfig } from './config';
import { PushGrpcController } from './grpc/push.grpc-controller';
import { PushNode } from './push-node';
import { ROOM_GRPC } from './room-grpc';
import { PushSocketServer } from './socket/push-socket-server';

/** The danmaku side of a push node: the write path, the fan-out, history, the socket server and its lifecycle. */
export function danmakuProviders(config: PushConfig): Provider[] {
  const topic = namespacedTopic(config.KAFKA_NAMESPACE, Topics.roomEvents);
  return [
    { provide: PushMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new PushMetrics(registry) },
    {
      provide: ROOM_GRPC,
      useFactory: () =>
        createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: config.ROOM_GRPC_URL, defaultDeadlineMs: config.GRPC_DEADLINE_MS }),
    },
    {
      provide: RoomLiveness,
      inject: [ROOM_GRPC, PushMetrics],
      useFactory: (room: GrpcClientHandle<RoomClient>, metrics: PushMetrics) =>
        new RoomLiveness(room.client, config.ROOM_CACHE_MS, { staleIfErrorMs: config.ROOM_STALE_IF_ERROR_MS, onStale: () => metrics.staleRoomAnswers.inc({ answer: 'room_status' }) }),
    },
    {
      provide: SpeakerStandings,
      inject: [ROOM_GRPC, PushMetrics],
      useFactory: (room: GrpcClientHandle<RoomClient>, metrics: PushMetrics) =>
        new SpeakerStandings(room.client, config.SPEAKER_CACHE_MS, { staleIfErrorMs: config.ROOM_STALE_IF_ERROR_MS, onStale: () => metrics.staleRoomAnswers.inc({ answer: 'speaker_standing' }) }),
    },
    {
      provide: SensitiveWordLists,
      inject: [ROOM_GRPC, PushMetrics, SERVICE_LOGGER],
      useFactory: async (room: GrpcClientHandle<RoomClient>, metrics: PushMetrics, logger: Logger) => {
        const lists = new SensitiveWordLists(room.client, { ttlMs: config.SENSITIVE_WORDS_CACHE_MS, baseline: sensitiveWords(config), staleIfErrorMs: config.ROOM_STALE_IF_ERROR_MS }, metrics, logger);
        await lists.preload();
        return lists;
      },
    },
    { provide: GiftEffectFirsts, inject: [REDIS], useFactory: (redis: RedisClient) => new GiftEffectFirsts(redis) },
    {
      provide: RoomHistory,
      inject: [REDIS],
      useFactory: async (redis: RedisClient) => {
        const history = new RoomHistory(redis, { maxEvents: config.HISTORY_MAX_EVENTS, ttlMs: config.HISTORY_TTL_MS });
        await history.preload();
        return history;
      },
    },
    {
      provide: ChatAdmission,
      inject: [REDIS],
      useFactory: (redis: RedisClient) =>
        new ChatAdmission(redis, { userBurst: config.RATE_USER_BURST, userIntervalMs: config.RATE_USER_INTERVAL_MS, roomPerSecond: config.RATE_ROOM_PER_SECOND }),
    },
    {
      provide: DanmakuWriter,
      inject: [RoomLiveness, SpeakerStandings, SensitiveWordLists, ChatAdmission, EventProducer, PushMetrics, SERVICE_LOGGER],
      useFactory: (
        liveness: RoomLiveness,
        standings: SpeakerStandings,
        words: SensitiveWordLists,
        admission: ChatAdmission,
        producer: EventProducer,
        metrics: PushMetrics,
        logger: Logger,
      ) =>
        new DanmakuWriter(
          { liveness, standings, admission, producer, metrics, logger, filter: new SensitiveWordFilter(config.FILTER_MODE), words },
          { topic, maxChars: config.CHAT_MAX_CHARS, maxMarksPerChar: config.CHAT_MAX_MARKS_PER_CHAR, produceTimeoutMs: config.PRODUCE_TIMEOUT_MS },
        ),
    },
    {
      provide: LikePublisher,
      inject: [EventProducer, REDIS, PushMetrics, SERVICE_LOGGER],
      useFactory: (producer: EventProducer, redis: RedisClient, metrics: PushMetrics, logger: Logger) =>
        new LikePublisher(
          { producer, allowance: new LikeAllowance(redis, { burst: config.LIKE_USER_BURST, intervalMs: config.LIKE_USER_INTERVAL_MS }), metrics, logger },
          { topic, windowMs: config.LIKE_WINDOW_MS },
        ),
    },
    {
      provide: RoomFanout,
      inject: [RoomHistory, PushMetrics, SERVICE_LOGGER],
      useFactory: (history: RoomHistory, metrics: PushMetrics, logger: Logger) =>
        new RoomFanout(
          history,
          {
            windowMs: config.BATCH_WINDOW_MS,
            maxWindowMs: config.BATCH_WINDOW_MAX_MS,
            framesPerSecond: config.FANOUT_ROOM_FRAMES_PER_SECOND,
            maxBatchEvents: config.BATCH_MAX_EVENTS,
            chatPerSecond: config.FANOUT_CHAT_PER_SECOND,
            deliveriesPerSecond: config.FANOUT_ROOM_DELIVERIES_PER_SECOND,
            softLimitBytes: config.SOCKET_SOFT_LIMIT_BYTES,
            joinTailMs: config.JOIN_TAIL_MS,
            joinTailMaxEvents: config.JOIN_TAIL_MAX_EVENTS,
          },
          metrics,
          logger,
        ),
    },
    {
      provide: PushSocketServer,
      inject: [RoomFanout, DanmakuWriter, LikePublisher, SpeakerStandings, PushMetrics, SERVICE_LOGGER],
      useFactory: (fanout: RoomFanout, writer: DanmakuWriter, likes: LikePublisher, standings: SpeakerStandings, metrics: PushMetrics, logger: Logger) =>
        new PushSocketServer(
          {
            nodeId: config.NODE_ID,
            heartbeatIntervalMs: config.HEARTBEAT_INTERVAL_MS,
            limits: socketLimits(config),
            hardLimitBytes: config.SOCKET_HARD_LIMIT_BYTES,
            verifier: createTokenVerifier({ hs256Secret: config.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' }),
            fanout,
            writer,
            likes,
            standings,
            metrics,
            logger: logger.child({ component: 'socket' }),
          },
          { port: config.WS_PORT, maxConnections: config.PUSH_CAPACITY, handshakesPerSecond: config.HANDSHAKES_PER_SECOND },
        ),
    },
    PushNode,
  ];
}

export const danmakuControllers = [PushGrpcController];

function sensitiveWords(config: PushConfig): string[] {
  const fromFile = config.SENSITIVE_WORDS_FILE ? readFileSync(config.SENSITIVE_WORDS_FILE, 'utf8').split(/\r?\n/) : [];
  return [...config.SENSITIVE_WORDS, ...fromFile].map((word) => word.trim()).filter(Boolean);
}

/** A burst, then one more every interval. */
const everyMs = (burst: number, intervalMs: number): Rate => ({ burst, perSecond: 1000 / intervalMs });
/** A minute's worth at once, refilled over the minute. */
const perMinute = (amount: number): Rate => ({ burst: amount, perSecond: amount / 60 });

function socketLimits(config: PushConfig): SocketLimits {
  return {
    frames: {
      chat: everyMs(config.SOCKET_CHAT_BURST, config.SOCKET_CHAT_INTERVAL_MS),
      like: everyMs(config.SOCKET_LIKE_BURST, config.SOCKET_LIKE_INTERVAL_MS),
      ping: everyMs(config.SOCKET_PING_BURST, config.SOCKET_PING_INTERVAL_MS),
      resume: everyMs(config.SOCKET_RESUME_BURST, config.SOCKET_RESUME_INTERVAL_MS),
    },
    replayEvents: perMinute(config.REPLAY_EVENTS_PER_MINUTE),
    replayBytes: perMinute(config.REPLAY_BYTES_PER_MINUTE),
    refusals: everyMs(config.SOCKET_REFUSALS_BURST, config.SOCKET_REFUSALS_INTERVAL_MS),
  };
}
