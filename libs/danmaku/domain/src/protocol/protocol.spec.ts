import { danmakuV1, roomV1 } from '@ovation/contracts';
import { decodeBinaryClientFrame, parseJsonClientFrame } from './client-frames';
import { negotiateEncoding } from './encoding';
import { decodeBinaryServerFrame, encodeServerMessage } from './server-frames';
import type { ServerMessage } from './server-message';

const chatEvent: roomV1.RoomEvent = {
  roomId: 'r1',
  atMs: '1732190000123',
  chat: { messageId: 'm', clientMsgId: 'c', userId: 'u', displayName: 'U', text: '你好', role: roomV1.RoomRole.ROOM_ROLE_VIEWER },
};

describe('client frames', () => {
  it('parses every JSON frame type', () => {
    expect(parseJsonClientFrame('{"type":"hello","token":"t","lastPosition":"12"}')).toEqual({
      ok: true,
      command: { type: 'hello', token: 't', client: '', lastPosition: 12 },
    });
    expect(parseJsonClientFrame(Buffer.from('{"type":"chat","clientMsgId":"m1","text":"hi"}'))).toEqual({
      ok: true,
      command: { type: 'chat', clientMsgId: 'm1', text: 'hi' },
    });
    expect(parseJsonClientFrame('{"type":"like","count":3}')).toEqual({ ok: true, command: { type: 'like', count: 3 } });
    expect(parseJsonClientFrame('{"type":"resume","lastPosition":"40","room":"r1"}')).toEqual({
      ok: true,
      command: { type: 'resume', lastPosition: 40, roomId: 'r1' },
    });
    expect(parseJsonClientFrame('{"type":"ping","clientTimeMs":5}')).toEqual({ ok: true, command: { type: 'ping', clientTimeMs: 5 } });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1]', 'a frame is a JSON object'],
  ])('cannot decode %s (the socket ends)', (frame, message) => {
    expect(parseJsonClientFrame(frame)).toEqual({ ok: false, message, undecodable: true });
  });

  it.each([
    ['{"type":"dance"}', 'unknown frame type "dance"'],
    ['{"type":"hello"}', 'hello needs a token'],
    ['{"type":"like","count":1000}', 'like count must be an integer from 1 to 100'],
    ['{"type":"resume","lastPosition":"-1"}', 'resume needs lastPosition, a non-negative integer'],
  ])('refuses %s, costing only that frame', (frame, message) => {
    expect(parseJsonClientFrame(frame)).toEqual({ ok: false, message });
  });

  it('keeps the client message id of a malformed chat so it can be nacked', () => {
    expect(parseJsonClientFrame('{"type":"chat","clientMsgId":"m9","text":42}')).toMatchObject({ ok: false, chatClientMsgId: 'm9' });
    expect(parseJsonClientFrame('{"type":"chat","clientMsgId":7,"text":"hi"}')).toMatchObject({ ok: false, chatClientMsgId: '7' });
    expect(parseJsonClientFrame('{"type":"chat","text":"hi"}')).toMatchObject({ ok: false, chatClientMsgId: '' });
  });

  it('decodes binary ClientFrames to the same commands', () => {
    const encode = (frame: danmakuV1.ClientFrame) => danmakuV1.ClientFrame.encode(frame).finish();
    expect(decodeBinaryClientFrame(encode({ sendChat: { clientMsgId: 'm1', text: 'hi' } }))).toEqual({
      ok: true,
      command: { type: 'chat', clientMsgId: 'm1', text: 'hi' },
    });
    expect(decodeBinaryClientFrame(encode({ resume: { lastPosition: '7', roomId: '' } }))).toEqual({
      ok: true,
      command: { type: 'resume', lastPosition: 7, roomId: '' },
    });
    expect(decodeBinaryClientFrame(encode({ like: { count: 0 } }))).toEqual({ ok: true, command: { type: 'like', count: 1 } });
    expect(decodeBinaryClientFrame(new Uint8Array([0xff, 0xff]))).toEqual({ ok: false, message: 'not a ClientFrame', undecodable: true });
    expect(decodeBinaryClientFrame(new Uint8Array())).toEqual({ ok: false, message: 'empty ClientFrame', undecodable: true });
  });
});

describe('server frames', () => {
  it('encodes an event batch as the documented JSON', () => {
    const message: ServerMessage = { type: 'events', replay: false, droppedChat: 2, events: [{ position: 41, event: chatEvent }] };
    expect(JSON.parse(encodeServerMessage(message, 'json').toString())).toEqual({
      type: 'events',
      replay: false,
      droppedChat: 2,
      events: [
        {
          type: 'chat',
          position: '41',
          atMs: 1732190000123,
          payload: { messageId: 'm', clientMsgId: 'c', userId: 'u', displayName: 'U', text: '你好', role: 'ROOM_ROLE_VIEWER' },
        },
      ],
    });
  });

  it('encodes positions as decimal strings in JSON', () => {
    const ack = JSON.parse(encodeServerMessage({ type: 'ack', clientMsgId: 'c', messageId: 'm', position: 9 }, 'json').toString());
    expect(ack).toEqual({ type: 'ack', clientMsgId: 'c', messageId: 'm', position: '9' });
  });

  it.each<ServerMessage>([
    { type: 'welcome', connectionId: 'c', nodeId: 'n', roomId: 'r', userId: 'u', heartbeatIntervalMs: 1000, headPosition: 77 },
    { type: 'events', replay: true, droppedChat: 0, events: [{ position: 41, event: chatEvent }] },
    { type: 'ack', clientMsgId: 'c', messageId: 'm', position: 9 },
    { type: 'nack', clientMsgId: 'c', reason: 'filtered', retryAfterMs: 0 },
    { type: 'pong', clientTimeMs: 1, serverTimeMs: 2 },
    { type: 'reconnect', reason: 'draining', afterMs: 300 },
    { type: 'error', code: 'resume_gap_too_old', message: 'too old' },
    { type: 'error', code: 'rate_limited', message: 'too many pings', retryAfterMs: 180 },
  ])('round-trips $type through the binary encoding', (message) => {
    const decoded = decodeBinaryServerFrame(encodeServerMessage(message, 'binary'));
    if (message.type === 'events') {
      expect(decoded).toEqual({ ...message, events: [{ position: 41, event: { ...chatEvent } }] });
    } else {
      expect(decoded).toEqual(message);
    }
  });
});

describe('negotiateEncoding', () => {
  it('defaults to JSON', () => {
    expect(negotiateEncoding(null, [])).toEqual({ ok: true, encoding: 'json' });
  });
  it('takes the query parameter first, echoing a matching subprotocol', () => {
    expect(negotiateEncoding('binary', ['ovation.danmaku.v1.proto'])).toEqual({ ok: true, encoding: 'binary', subprotocol: 'ovation.danmaku.v1.proto' });
    expect(negotiateEncoding('json', [])).toEqual({ ok: true, encoding: 'json' });
  });
  it('refuses offers it cannot answer with one of them (a client that offered subprotocols fails an upgrade without one)', () => {
    expect(negotiateEncoding('json', ['ovation.danmaku.v1.proto'])).toMatchObject({ ok: false, field: 'Sec-WebSocket-Protocol' });
    expect(negotiateEncoding(null, ['chat', 'mqtt'])).toMatchObject({ ok: false, field: 'Sec-WebSocket-Protocol' });
  });
  it('uses the offered subprotocol when there is no query parameter', () => {
    expect(negotiateEncoding(null, ['chat', 'ovation.danmaku.v1.proto'])).toEqual({ ok: true, encoding: 'binary', subprotocol: 'ovation.danmaku.v1.proto' });
  });
  it('refuses an unknown encoding', () => {
    expect(negotiateEncoding('xml', [])).toEqual({ ok: false, field: 'encoding', message: 'unknown encoding "xml": json or binary' });
  });
});
