import { field, loadConfig, redisFields, serviceFields } from '@ovation/config';
import { z } from 'zod';
import { DEV_TOKEN_MAX_TTL_SECONDS } from './auth/dev-token.dto';

const secret = () => z.string().min(32, 'must be at least 32 characters').optional();

export const gatewayConfigSchema = z
  .object({
    ...serviceFields(9401),
    ...redisFields(),
    HTTP_PORT: field.port(8080),
    /** Proxy hops in front of the gateway whose X-Forwarded-For is trusted (per-IP rate limits see the client, not the proxy). */
    TRUST_PROXY_HOPS: field.int(0, 0, 10),
    ROOM_GRPC_URL: field.string('127.0.0.1:50051'),
    SCHEDULER_GRPC_URL: field.string('127.0.0.1:50053'),
    GIFT_GRPC_URL: field.string('127.0.0.1:50052'),
    /** A push node's gRPC (any one: REST danmaku sends and archive reads); behind a Service in a cluster. */
    PUSH_GRPC_URL: field.string('127.0.0.1:50054'),
    /** Every downstream call gets this deadline unless an endpoint says otherwise. */
    GRPC_DEADLINE_MS: field.int(2000, 50, 60000),
    /** Attempts of an idempotent call (the first included) when the downstream cannot be reached. */
    GRPC_RETRY_ATTEMPTS: field.int(3, 1, 10),
    GRPC_RETRY_BASE_DELAY_MS: field.int(50, 1, 10000),
    GRPC_RETRY_MAX_DELAY_MS: field.int(500, 1, 60000),
    /** Consecutive transport failures of one downstream that open its circuit. */
    CIRCUIT_FAILURE_THRESHOLD: field.int(5, 1, 1000),
    /** How long an open circuit answers 503 at once before trying the downstream again. */
    CIRCUIT_OPEN_MS: field.int(5000, 100, 600000),
    CIRCUIT_HALF_OPEN_MAX_CALLS: field.int(1, 1, 100),
    JWT_ISSUER: field.string('ovation'),
    JWT_AUDIENCE: field.string('ovation-api'),
    /** Development: tokens are HS256 with this secret. Production: set JWT_JWKS_URL instead. */
    JWT_HS256_SECRET: secret(),
    JWT_JWKS_URL: z.url().optional(),
    /** API tokens whose exp is further ahead than this are refused: a stolen long-lived token would work for years. */
    JWT_MAX_LIFETIME_SECONDS: field.int(604800, 60, 31_536_000),
    /** Enables POST /v1/dev/tokens, which mints tokens for any user: never in production. */
    DEV_TOKENS_ENABLED: field.bool(false),
    /** Lifetime of the watch-only tokens of POST /v1/auth/guest. */
    GUEST_TOKEN_TTL_SECONDS: field.int(43200, 60, 604800),
    /** Signs the short-lived join tokens push nodes verify (shared with danmaku-push). */
    JOIN_TOKEN_SECRET: secret(),
    /** Signs playback URLs (shared with playback). */
    PLAYBACK_SIGNING_SECRET: secret(),
    /** Where viewers fetch HLS and HTTP-FLV, e.g. https://play.example.com. */
    PLAYBACK_PUBLIC_URL: field.url('http://127.0.0.1:8082'),
    /** How long a signed playback URL works; it must outlast a viewing session (segments reuse its query). */
    PLAYBACK_URL_TTL_SECONDS: field.int(21600, 60, 604800),
    /** Push node WebSocket URLs handed out when the scheduler cannot be asked. */
    PUSH_FALLBACK_URLS: field.list([]).pipe(z.array(z.string().regex(/^wss?:\/\/\S+$/, 'must be ws:// or wss:// URLs'))),
    /** The built web client served at / (empty: dist/apps/web beside the built gateway). */
    WEB_CLIENT_DIR: field.string(''),
    /** Requests per client IP per minute; 0 turns the limit off. */
    RATE_LIMIT_PER_IP_PER_MINUTE: field.int(600, 0, 1_000_000),
    /** Requests per signed-in user per minute; 0 turns the limit off. */
    RATE_LIMIT_PER_USER_PER_MINUTE: field.int(300, 0, 1_000_000),
  })
  .superRefine((config, ctx) => {
    if (!config.JWT_HS256_SECRET === !config.JWT_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_HS256_SECRET'], message: 'set exactly one of JWT_HS256_SECRET and JWT_JWKS_URL' });
    }
    if (config.DEV_TOKENS_ENABLED && !config.JWT_HS256_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['DEV_TOKENS_ENABLED'], message: 'development tokens need JWT_HS256_SECRET' });
    }
    // Checked here rather than in the shape so one start-up message names every missing secret.
    for (const name of ['JOIN_TOKEN_SECRET', 'PLAYBACK_SIGNING_SECRET'] as const) {
      if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required but not set' });
    }
    // The gateway's own tokens must pass its own bound.
    if (config.GUEST_TOKEN_TTL_SECONDS > config.JWT_MAX_LIFETIME_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['GUEST_TOKEN_TTL_SECONDS'], message: 'must not exceed JWT_MAX_LIFETIME_SECONDS' });
    }
    if (config.DEV_TOKENS_ENABLED && config.JWT_MAX_LIFETIME_SECONDS < DEV_TOKEN_MAX_TTL_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['JWT_MAX_LIFETIME_SECONDS'], message: `must be at least ${DEV_TOKEN_MAX_TTL_SECONDS} (the longest development token) when DEV_TOKENS_ENABLED` });
    }
    if (config.GRPC_RETRY_MAX_DELAY_MS < config.GRPC_RETRY_BASE_DELAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['GRPC_RETRY_MAX_DELAY_MS'], message: 'must not be below GRPC_RETRY_BASE_DELAY_MS' });
    }
  });

export type GatewayConfig = z.output<typeof gatewayConfigSchema> & { JOIN_TOKEN_SECRET: string; PLAYBACK_SIGNING_SECRET: string };

export const loadGatewayConfig = (): GatewayConfig => loadConfig('gateway', gatewayConfigSchema) as GatewayConfig;
