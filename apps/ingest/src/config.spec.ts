import { loadConfig } from '@ovation/config';
import { ingestConfigSchema } from './config';

const load = (env: Record<string, string>) => loadConfig('ingest', ingestConfigSchema, { FLV_ORIGIN_SECRET: 'o'.repeat(32), ...env });

describe('the HTTP-FLV origin', () => {
  it('needs the pull credential secret, 32 characters at least', () => {
    expect(() => loadConfig('ingest', ingestConfigSchema, {})).toThrow(/FLV_ORIGIN_SECRET/);
    expect(() => load({ FLV_ORIGIN_SECRET: 'short' })).toThrow(/FLV_ORIGIN_SECRET: must be at least 32 characters/);
  });

  it('refuses to listen on loopback in a pod, where playback pods could not reach it', () => {
    expect(() => load({ POD_IP: '10.0.0.8', ADVERTISED_HOST: '10.0.0.8', FLV_BIND_HOST: '127.0.0.1' })).toThrow(/FLV_BIND_HOST: advertises 127\.0\.0\.1/);
  });
});

describe('the address an ingest node advertises (its FLV origin URL, its registration)', () => {
  it('defaults to loopback on one host (no POD_IP)', () => {
    expect(load({}).ADVERTISED_HOST).toBe('127.0.0.1');
  });

  it('refuses to start in a pod with a loopback ADVERTISED_HOST, set or defaulted', () => {
    expect(() => load({ POD_IP: '10.0.0.8' })).toThrow(/ADVERTISED_HOST: advertises 127\.0\.0\.1, a loopback address other pods cannot reach/);
    expect(() => load({ POD_IP: '10.0.0.8', ADVERTISED_HOST: 'localhost' })).toThrow(/ADVERTISED_HOST: advertises localhost/);
  });

  it('takes the pod address in a pod', () => {
    expect(load({ POD_IP: '10.0.0.8', ADVERTISED_HOST: '10.0.0.8' }).ADVERTISED_HOST).toBe('10.0.0.8');
  });
});
