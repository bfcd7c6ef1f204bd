import { danmakuV1, roomV1 } from '@ovation/contracts';
import { errorCodeFromProto, errorCodeToProto } from './error-code';
import { nackReasonFromProto, nackReasonToProto } from '../write/nack-reason';
import { eventTypeOf, EventType, StreamEvent } from '../stream/stream-event';
import { formatPosition, parsePosition } from '../stream/positions';
import type { Encoding } from './encoding';
import type { ServerMessage } from './server-message';

/**
 * Serializes a server message once; the same bytes go to every socket of that encoding
 * (JSON as a text frame, protobuf ServerFrame as a binary frame).
 */
export function encodeServerMessage(message: ServerMessage, encoding: Encoding): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(toJson(message)), 'utf8');
  const bytes = danmakuV1.ServerFrame.encode(toProtoFrame(message)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const payloadJson: { [Type in EventType]: (payload: NonNullable<roomV1.RoomEvent[Type]>) => unknown } = {
  chat: (payload) => roomV1.ChatMessage.toJSON(payload),
  like: (payload) => roomV1.LikeAggregate.toJSON(payload),
  gift: (payload) => roomV1.GiftEffect.toJSON(payload),
  online: (payload) => roomV1.OnlineCount.toJSON(payload),
  state: (payload) => roomV1.RoomStateChanged.toJSON(payload),
  system: (payload) => roomV1.SystemNotice.toJSON(payload),
};

function eventJson({ position, event }: StreamEvent): unknown {
  const type = eventTypeOf(event);
  const payload = type ? (payloadJson[type] as (p: unknown) => unknown)(event[type]) : {};
  return { type: type ?? 'unknown', position: formatPosition(position), atMs: Number(event.atMs), payload };
}

function toJson(message: ServerMessage): unknown {
  switch (message.type) {
    case 'welcome':
      return { ...message, headPosition: formatPosition(message.headPosition) };
    case 'events':
      return { type: 'events', replay: message.replay, droppedChat: message.droppedChat, events: message.events.map(eventJson) };
    case 'ack':
      return { ...message, position: formatPosition(message.position) };
    default:
      return message;
  }
}

function toProtoFrame(message: ServerMessage): danmakuV1.ServerFrame {
  switch (message.type) {
    case 'welcome':
      return { welcome: { ...message, headPosition: formatPosition(message.headPosition) } };
    case 'events':
      return {
        events: {
          replay: message.replay,
          droppedChat: message.droppedChat,
          events: message.events.map(({ position, event }) => ({ position: formatPosition(position), event })),
        },
      };
    case 'ack':
      return { ack: { clientMsgId: message.clientMsgId, messageId: message.messageId, position: formatPosition(message.position) } };
    case 'nack':
      return { nack: { clientMsgId: message.clientMsgId, reason: nackReasonToProto(message.reason), retryAfterMs: message.retryAfterMs } };
    case 'pong':
      return { pong: { clientTimeMs: String(message.clientTimeMs), serverTimeMs: String(message.serverTimeMs) } };
    case 'reconnect':
      return { reconnect: { reason: message.reason, afterMs: message.afterMs } };
    case 'error':
      return { error: { code: errorCodeToProto(message.code), message: message.message, retryAfterMs: message.retryAfterMs ?? 0 } };
  }
}

/**
 * Reads a binary server frame back into a ServerMessage: for clients written in TypeScript
 * (tests, the load generator). Throws on a frame that is not a ServerFrame.
 */
export function decodeBinaryServerFrame(data: Uint8Array): ServerMessage {
  const frame = danmakuV1.ServerFrame.decode(data);
  if (frame.welcome) return { type: 'welcome', ...frame.welcome, headPosition: position(frame.welcome.headPosition) };
  if (frame.events) {
    return {
      type: 'events',
      replay: frame.events.replay,
      droppedChat: frame.events.droppedChat,
      events: frame.events.events.map((positioned) => ({ position: position(positioned.position), event: positioned.event! })),
    };
  }
  if (frame.ack) return { type: 'ack', ...frame.ack, position: position(frame.ack.position) };
  if (frame.nack) return { type: 'nack', clientMsgId: frame.nack.clientMsgId, reason: nackReasonFromProto(frame.nack.reason) ?? 'invalid', retryAfterMs: frame.nack.retryAfterMs };
  if (frame.pong) return { type: 'pong', clientTimeMs: Number(frame.pong.clientTimeMs), serverTimeMs: Number(frame.pong.serverTimeMs) };
  if (frame.reconnect) return { type: 'reconnect', ...frame.reconnect };
  if (frame.error) {
    const { code, message, retryAfterMs } = frame.error;
    return { type: 'error', code: errorCodeFromProto(code) ?? 'internal', message, ...(retryAfterMs ? { retryAfterMs } : {}) };
  }
  throw new Error('empty ServerFrame');
}

function position(value: string): number {
  const parsed = parsePosition(value);
  if (parsed === undefined) throw new Error(`bad position ${value}`);
  return parsed;
}
