import { danmakuV1 } from '@ovation/contracts';
import type { PromiseClient } from '@ovation/grpc';

/** The gRPC client of a push node (any one: every node sends and reads the shared archive). */
export const PUSH_CLIENT = Symbol('PUSH_CLIENT');
export type PushClient = PromiseClient<danmakuV1.PushServiceClient>;
