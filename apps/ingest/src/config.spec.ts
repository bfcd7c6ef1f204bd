import { loadConfig } from '@ovation/config';
import { ingestConfigSchema } from './config';

const load = (env: Record<string, string>) => loadConfig('ingest', ingestConfigSchema, env);

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
