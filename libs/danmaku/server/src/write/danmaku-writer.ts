import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { chatMessageId, isClientMsgId, NackReason, normalizeChatText, positionOfOffset, SensitiveWordFilter, speakerVerdict } from '@ovation/danmaku-domain';
import type { EventProducer } from '@ovation/kafka';
import type { Logger } from 'pino';
import type { PushMetrics } from '../metrics/push-metrics';
import type { RoomLiveness } from '../rooms/room-liveness';
import type { SpeakerStandings } from '../rooms/speaker-standings';
import type { ChatAdmission } from './chat-admission';
import type { SensitiveWordLists } from './sensitive-word-lists';

export interface Speaker {
  userId: string;
  displayName: string;
  /** Signed in (viewer and up): guests may watch but not speak. */
  canWrite: boolean;
}

export interface ChatSend {
  roomId: string;
  speaker: Speaker;
  clientMsgId: string;
  text: string;
}

export type ChatOutcome =
  | { accepted: true; messageId: string; position: number }
  | { accepted: false; reason: NackReason; retryAfterMs: number };

export interface DanmakuWriterOptions {
  /** The room event topic, namespaced. */
  topic: string;
  maxChars: number;
  /** Combining marks (or joiners) one character may carry; more is `invalid`. */
  maxMarksPerChar: number;
  /** Answer `unavailable` when Kafka has not accepted within this long (the send may still land; a retry is then answered from it). */
  produceTimeoutMs: number;
}

export interface DanmakuWriterDeps {
  liveness: RoomLiveness;
  standings: SpeakerStandings;
  admission: ChatAdmission;
  filter: SensitiveWordFilter;
  words: SensitiveWordLists;
  producer: EventProducer;
  metrics: PushMetrics;
  logger: Logger;
}

/**
 * The danmaku write path, the same for a socket and for gRPC: shape, sender, text, room live,
 * ban/mute, sensitive words, rate limits and duplicates; then the chat event goes to Kafka
 * (key = room id) and only once Kafka accepted it is the sender told so.
 */
export class DanmakuWriter {
  constructor(
    private readonly deps: DanmakuWriterDeps,
    private readonly options: DanmakuWriterOptions,
  ) {}

  async send(request: ChatSend): Promise<ChatOutcome> {
    const answered = this.deps.metrics.chatAnswers.startTimer();
    const outcome = await this.decide(request).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, roomId: request.roomId }, 'chat could not be checked or stored');
      return nack('unavailable', 1000);
    });
    answered({ outcome: outcome.accepted ? 'accepted' : outcome.reason });
    return outcome;
  }

  private async decide({ roomId, speaker, clientMsgId, text }: ChatSend): Promise<ChatOutcome> {
    if (!roomId || !isClientMsgId(clientMsgId)) return nack('invalid');
    if (!speaker.canWrite || !speaker.userId) return nack('unauthenticated');
    const normalized = normalizeChatText(text, this.options.maxChars, this.options.maxMarksPerChar);
    if (!normalized.ok) return nack(normalized.reason);
    if (!(await this.deps.liveness.isLive(roomId))) return nack('room_not_live');
    const standing = await this.deps.standings.of(roomId, speaker.userId);
    const verdict = speakerVerdict(standing, Date.now());
    if (!verdict.ok) return nack(verdict.reason, verdict.retryAfterMs);
    const filtered = this.deps.filter.check(normalized.text, await this.deps.words.listsFor(roomId));
    if (filtered.kind === 'rejected') return nack('filtered');

    const messageId = chatMessageId(roomId, speaker.userId, clientMsgId);
    const admission = await this.deps.admission.admit(roomId, speaker.userId, clientMsgId);
    if (admission.kind === 'limited') return nack('rate_limited', admission.retryAfterMs);
    if (admission.kind === 'duplicate') {
      return admission.position === undefined ? nack('unavailable', 1000) : { accepted: true, messageId, position: admission.position };
    }
    const chat: roomV1.ChatMessage = { messageId, clientMsgId, userId: speaker.userId, displayName: speaker.displayName, text: filtered.text, role: standing.role };
    return this.store(roomId, chat);
  }

  private async store(roomId: string, chat: roomV1.ChatMessage): Promise<ChatOutcome> {
    const event: roomV1.RoomEvent = { roomId, atMs: String(Date.now()), chat };
    const { admission } = this.deps;
    const produced = this.deps.producer
      .send(this.options.topic, { key: roomId, value: kafkaCodecs[Topics.roomEvents].encode(event) })
      .then(([metadata]) => positionOfOffset(metadata?.baseOffset ?? 'none'));
    // Recorded even when the send outlives the timeout: the client's retry is then acked, not sent twice.
    produced.then(
      (position) => admission.stored(roomId, chat.userId, chat.clientMsgId, position).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not record a stored chat id')),
      (error: unknown) => {
        this.deps.logger.error({ err: error, roomId }, 'chat not accepted by Kafka');
        return admission.abandoned(roomId, chat.userId, chat.clientMsgId).catch(() => undefined);
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.produceTimeoutMs)));
    try {
      const position = await Promise.race([produced.catch(() => undefined), timeout]);
      return position === undefined ? nack('unavailable', 1000) : { accepted: true, messageId: chat.messageId, position };
    } finally {
      clearTimeout(timer);
    }
  }
}

function nack(reason: NackReason, retryAfterMs = 0): ChatOutcome {
  return { accepted: false, reason, retryAfterMs };
}
