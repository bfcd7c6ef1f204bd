import { resolve } from 'node:path';

/**
 * Absolute path of the repository's proto/ directory, where gRPC loads its .proto files from at
 * run time. From sources this file sits in libs/contracts/src; the build mirrors the tree under
 * dist/ and copies proto/ to dist/proto, so the same relative path holds in both.
 */
export function protoRoot(): string {
  return resolve(__dirname, '../../../proto');
}
