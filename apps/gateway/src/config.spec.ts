import { ConfigError, loadConfig } from '@ovation/config';
import { gatewayConfigSchema } from './config';

const secrets = {
  JWT_HS256_SECRET: 'a'.repeat(32),
  JOIN_TOKEN_SECRET: 'b'.repeat(32),
  PLAYBACK_SIGNING_SECRET: 'c'.repeat(32),
};

function problems(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig('gateway', gatewayConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  return {};
}

describe('gateway configuration', () => {
  it('starts with the secrets alone, every other setting defaulted', () => {
    const config = loadConfig('gateway', gatewayConfigSchema, secrets);
    expect(config).toMatchObject({
      SCHEDULER_GRPC_URL: '127.0.0.1:50053',
      PUSH_FALLBACK_URLS: [],
      RATE_LIMIT_PER_IP_PER_MINUTE: 600,
      RATE_LIMIT_PER_USER_PER_MINUTE: 300,
      CIRCUIT_FAILURE_THRESHOLD: 5,
      GRPC_RETRY_ATTEMPTS: 3,
    });
  });

  it('names every missing secret at once', () => {
    expect(problems({})).toEqual({
      JWT_HS256_SECRET: 'set exactly one of JWT_HS256_SECRET and JWT_JWKS_URL',
      JOIN_TOKEN_SECRET: 'is required but not set',
      PLAYBACK_SIGNING_SECRET: 'is required but not set',
    });
  });

  it('refuses short secrets', () => {
    expect(problems({ ...secrets, JOIN_TOKEN_SECRET: 'short' })).toHaveProperty('JOIN_TOKEN_SECRET', expect.stringContaining('at least 32'));
  });

  it('reads the push fallback list and refuses anything but WebSocket URLs', () => {
    const config = loadConfig('gateway', gatewayConfigSchema, { ...secrets, PUSH_FALLBACK_URLS: 'ws://a:8090/ws, wss://b/ws' });
    expect(config.PUSH_FALLBACK_URLS).toEqual(['ws://a:8090/ws', 'wss://b/ws']);
    expect(Object.keys(problems({ ...secrets, PUSH_FALLBACK_URLS: 'http://a:8090/ws' }))).toEqual(['PUSH_FALLBACK_URLS.0']);
  });

  it('keeps the tokens the gateway issues within its token lifetime bound', () => {
    expect(loadConfig('gateway', gatewayConfigSchema, secrets).JWT_MAX_LIFETIME_SECONDS).toBe(604800);
    expect(problems({ ...secrets, JWT_MAX_LIFETIME_SECONDS: '3600' })).toEqual({ GUEST_TOKEN_TTL_SECONDS: 'must not exceed JWT_MAX_LIFETIME_SECONDS' });
    expect(Object.keys(problems({ ...secrets, GUEST_TOKEN_TTL_SECONDS: '3600', JWT_MAX_LIFETIME_SECONDS: '3600', DEV_TOKENS_ENABLED: 'true' }))).toEqual(['JWT_MAX_LIFETIME_SECONDS']);
  });

  it('checks limits and breaker thresholds', () => {
    expect(Object.keys(problems({ ...secrets, RATE_LIMIT_PER_USER_PER_MINUTE: '-1', CIRCUIT_FAILURE_THRESHOLD: '0' })).sort()).toEqual([
      'CIRCUIT_FAILURE_THRESHOLD',
      'RATE_LIMIT_PER_USER_PER_MINUTE',
    ]);
    expect(problems({ ...secrets, GRPC_RETRY_BASE_DELAY_MS: '100', GRPC_RETRY_MAX_DELAY_MS: '10' })).toEqual({
      GRPC_RETRY_MAX_DELAY_MS: 'must not be below GRPC_RETRY_BASE_DELAY_MS (got "10")',
    });
  });
});
