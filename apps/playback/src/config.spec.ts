import { loadConfig } from '@ovation/config';
import { playbackConfigSchema } from './config';

const load = (env: Record<string, string>) => loadConfig('playback', playbackConfigSchema, { PLAYBACK_SIGNING_SECRET: 's'.repeat(32), FLV_ORIGIN_SECRET: 'o'.repeat(32), ...env });

describe('the address a playback node advertises (its registration)', () => {
  it('defaults to loopback on one host (no POD_IP)', () => {
    expect(load({}).ADVERTISED_HOST).toBe('127.0.0.1');
  });

  it('refuses to start in a pod with a loopback ADVERTISED_HOST, set or defaulted', () => {
    expect(() => load({ POD_IP: '10.0.0.9' })).toThrow(/ADVERTISED_HOST: advertises 127\.0\.0\.1, a loopback address other pods cannot reach/);
    expect(() => load({ POD_IP: '10.0.0.9', ADVERTISED_HOST: '::1' })).toThrow(/ADVERTISED_HOST: advertises ::1/);
  });

  it('takes the pod address in a pod', () => {
    expect(load({ POD_IP: '10.0.0.9', ADVERTISED_HOST: '10.0.0.9' }).ADVERTISED_HOST).toBe('10.0.0.9');
  });
});
