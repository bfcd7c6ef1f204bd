import { createHmac } from 'node:crypto';
import { sign, signedHeaders, verify } from './signing';

const secret = 'whsec-test-secret';
const body = JSON.stringify({ type: 'room.live', roomId: 'R1' });

describe('Standard Webhooks signing', () => {
  it('is v1, base64 HMAC-SHA256 over id.timestamp.body', () => {
    const expected = createHmac('sha256', secret).update(`msg_1.1700000000.${body}`).digest('base64');
    expect(sign(secret, 'msg_1', 1_700_000_000, body)).toBe(`v1,${expected}`);
  });

  it('verifies its own headers and refuses a changed body, secret or stale timestamp', () => {
    const h = signedHeaders(secret, 'msg_1', 1_700_000_000, body);
    expect(verify(secret, h, body, 1_700_000_010)).toBe(true);
    expect(verify(secret, h, body + ' ', 1_700_000_010)).toBe(false);
    expect(verify('other', h, body, 1_700_000_010)).toBe(false);
    expect(verify(secret, h, body, 1_700_001_000)).toBe(false);
  });

  it('accepts any one of several space-separated signatures (secret rotation)', () => {
    const h = signedHeaders(secret, 'msg_2', 1_700_000_000, body);
    expect(verify(secret, { ...h, 'webhook-signature': `v1,AAAA ${h['webhook-signature']}` }, body, 1_700_000_000)).toBe(true);
  });
});
