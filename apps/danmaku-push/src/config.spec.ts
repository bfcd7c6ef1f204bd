import { loadConfig } from '@ovation/config';
import { pushAdvertisement, pushConfigSchema } from './config';

const base = { JOIN_TOKEN_SECRET: 'j'.repeat(32), OPS_TOKEN: 'o'.repeat(32) };
const load = (env: Record<string, string>) => loadConfig('danmaku-push', pushConfigSchema, { ...base, ...env });

describe('what a push node advertises', () => {
  it('defaults to loopback on one host (no POD_IP)', () => {
    expect(pushAdvertisement(load({}), 8090)).toEqual({ PUSH_PUBLIC_URL: 'ws://127.0.0.1:8090/ws', PUSH_GRPC_ADVERTISE: '127.0.0.1:50054' });
  });

  it('refuses to start in a pod with a loopback URL or gRPC address, set or defaulted', () => {
    expect(() => load({ POD_IP: '10.0.0.7' })).toThrow(/PUSH_PUBLIC_URL: advertises ws:\/\/127\.0\.0\.1:8090\/ws[^\n]*\n.*PUSH_GRPC_ADVERTISE: advertises 127\.0\.0\.1:50054/);
    expect(() => load({ POD_IP: '10.0.0.7', PUSH_PUBLIC_URL: 'ws://localhost:8090/ws', PUSH_GRPC_ADVERTISE: '10.0.0.7:50054' })).toThrow(/PUSH_PUBLIC_URL: advertises ws:\/\/localhost:8090\/ws/);
  });

  it('takes the pod address in a pod', () => {
    const config = load({ POD_IP: '10.0.0.7', PUSH_PUBLIC_URL: 'wss://live.example.com/ws', PUSH_GRPC_ADVERTISE: '10.0.0.7:50054' });
    expect(pushAdvertisement(config, 8090)).toEqual({ PUSH_PUBLIC_URL: 'wss://live.example.com/ws', PUSH_GRPC_ADVERTISE: '10.0.0.7:50054' });
  });
});

describe('the ops token', () => {
  it('is required, and long enough, naming the variable without showing the value', () => {
    expect(() => loadConfig('danmaku-push', pushConfigSchema, { JOIN_TOKEN_SECRET: 'j'.repeat(32) })).toThrow(/OPS_TOKEN: /);
    expect(() => load({ OPS_TOKEN: 'short-ops-token' })).toThrow(/OPS_TOKEN: must be at least 32 characters \(got a value of 15 characters, not shown\)/);
    expect(load({}).OPS_TOKEN).toBe('o'.repeat(32));
  });
});
