/** WebSocket close codes of the danmaku protocol (docs/protocol.md). */
export const CloseCodes = {
  normal: 1000,
  goingAway: 1001,
  internal: 1011,
  heartbeatTimeout: 4000,
  unauthenticated: 4001,
  badFrame: 4002,
  banned: 4003,
  slowConsumer: 4008,
  draining: 4009,
  /** Kept sending frames past their budget after being told (error rate_limited). */
  rateLimited: 4029,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];
