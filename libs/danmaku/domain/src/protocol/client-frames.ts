import { danmakuV1 } from '@ovation/contracts';
import { NO_POSITION, parsePosition } from '../stream/positions';
import { ClientCommand, LIKE_COUNT_MAX, ParsedFrame } from './client-command';

const MAX_FRAME_BYTES = 16 * 1024;

/** Reads one JSON text frame (docs/protocol.md). */
export function parseJsonClientFrame(data: Buffer | string): ParsedFrame {
  if (data.length > MAX_FRAME_BYTES) return undecodable('frame too large');
  let frame: unknown;
  try {
    frame = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return undecodable('not JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return undecodable('a frame is a JSON object');
  const fields = frame as Record<string, unknown>;
  switch (fields.type) {
    case 'hello':
      return hello(fields.token, fields.client, fields.lastPosition ?? NO_POSITION);
    case 'chat':
      return chat(fields.clientMsgId, fields.text);
    case 'like':
      return like(fields.count ?? 1);
    case 'resume':
      return resume(fields.lastPosition, fields.room ?? '');
    case 'ping':
      return ping(fields.clientTimeMs ?? 0);
    default:
      return bad(`unknown frame type ${JSON.stringify(fields.type)}`);
  }
}

/** Reads one binary frame: a protobuf ClientFrame. */
export function decodeBinaryClientFrame(data: Uint8Array): ParsedFrame {
  if (data.length > MAX_FRAME_BYTES) return undecodable('frame too large');
  let frame: danmakuV1.ClientFrame;
  try {
    frame = danmakuV1.ClientFrame.decode(data);
  } catch {
    return undecodable('not a ClientFrame');
  }
  if (frame.hello) return hello(frame.hello.token, frame.hello.client, frame.hello.lastPosition);
  if (frame.sendChat) return chat(frame.sendChat.clientMsgId, frame.sendChat.text);
  if (frame.like) return like(frame.like.count || 1);
  if (frame.resume) return resume(frame.resume.lastPosition, frame.resume.roomId);
  if (frame.ping) return ping(Number(frame.ping.clientTimeMs));
  return undecodable('empty ClientFrame');
}

function hello(token: unknown, client: unknown, lastPosition: unknown): ParsedFrame {
  if (typeof token !== 'string' || token === '') return bad('hello needs a token');
  const position = parsePosition(lastPosition);
  if (position === undefined) return bad('lastPosition must be a non-negative integer');
  return ok({ type: 'hello', token, client: typeof client === 'string' ? client.slice(0, 100) : '', lastPosition: position });
}

function chat(clientMsgId: unknown, text: unknown): ParsedFrame {
  if (typeof clientMsgId !== 'string' || typeof text !== 'string') {
    const named = typeof clientMsgId === 'string' ? clientMsgId : typeof clientMsgId === 'number' && Number.isFinite(clientMsgId) ? String(clientMsgId) : '';
    return { ok: false, message: 'chat needs a string clientMsgId and text', chatClientMsgId: named };
  }
  return ok({ type: 'chat', clientMsgId, text });
}

function like(count: unknown): ParsedFrame {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > LIKE_COUNT_MAX) {
    return bad(`like count must be an integer from 1 to ${LIKE_COUNT_MAX}`);
  }
  return ok({ type: 'like', count });
}

function resume(lastPosition: unknown, roomId: unknown): ParsedFrame {
  const position = parsePosition(lastPosition);
  if (position === undefined) return bad('resume needs lastPosition, a non-negative integer');
  if (typeof roomId !== 'string') return bad('room must be a string');
  return ok({ type: 'resume', lastPosition: position, roomId });
}

function ping(clientTimeMs: unknown): ParsedFrame {
  if (typeof clientTimeMs !== 'number' || !Number.isSafeInteger(clientTimeMs)) return bad('clientTimeMs must be an integer');
  return ok({ type: 'ping', clientTimeMs });
}

const ok = (command: ClientCommand): ParsedFrame => ({ ok: true, command });
const bad = (message: string): ParsedFrame => ({ ok: false, message });
const undecodable = (message: string): ParsedFrame => ({ ok: false, message, undecodable: true });
