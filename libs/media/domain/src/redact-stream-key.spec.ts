import { redactStreamKeys } from './redact-stream-key';

describe('redactStreamKeys', () => {
  it("takes the key out of node-media-server's duplicate-publisher line, keeping the rest", () => {
    expect(redactStreamKeys('RTMP session abc 127.0.0.1:5 push /live/sk_secret error, streamPath=/live/sk_secret already has a publisher', 'live')).toBe(
      'RTMP session abc 127.0.0.1:5 push /live/[redacted] error, streamPath=/live/[redacted] already has a publisher',
    );
  });

  it('takes out whatever a client sent as the name, and keys in URLs', () => {
    expect(redactStreamKeys('invalid stream path characters: app=live, name=sk secret/..', 'live')).toBe('invalid stream path characters: app=live, name=[redacted]');
    expect(redactStreamKeys('rtmp://10.0.0.1:1935/live/sk_1: Input/output error', 'live')).toBe('rtmp://10.0.0.1:1935/live/[redacted]: Input/output error');
  });

  it('keeps public room paths and other applications readable, and escapes the application name', () => {
    expect(redactStreamKeys('FLV session x start play /room/r_123', 'live')).toBe('FLV session x start play /room/r_123');
    expect(redactStreamKeys('push /a.b/k1 and /axb/k2', 'a.b')).toBe('push /a.b/[redacted] and /axb/k2');
  });
});
