import { ArgumentsHost } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { NotFoundError } from '@ovation/errors';
import { lastValueFrom } from 'rxjs';
import { ERROR_REASON_KEY, GrpcErrorFilter } from './grpc-error.filter';

const host = { getArgByIndex: () => ({ getPath: () => '/ovation.room.v1.RoomService/GetRoom' }) } as unknown as ArgumentsHost;
const sent = async (error: unknown) => lastValueFrom(new GrpcErrorFilter().catch(error, host)).catch((e: { code: number; details: string; metadata: { get(k: string): unknown[] } }) => e);

describe('GrpcErrorFilter', () => {
  it('sends a DomainError as its status with the reason', async () => {
    const answer = await sent(new NotFoundError('room', 'r1'));
    expect(answer.code).toBe(status.NOT_FOUND);
    expect(answer.metadata.get(ERROR_REASON_KEY)).toEqual(['room_not_found']);
  });

  it('answers UNAVAILABLE, without a reason, when a dependency cannot be reached', async () => {
    const redisDown = Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' });
    const answer = await sent(redisDown);
    expect(answer.code).toBe(status.UNAVAILABLE);
    expect(answer.metadata.get(ERROR_REASON_KEY)).toEqual([]);
    expect(answer.details).not.toContain('max retries');
    const downstream = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: status.UNAVAILABLE, metadata: { get: () => [] } });
    expect((await sent(downstream)).code).toBe(status.UNAVAILABLE);
  });

  it('answers INTERNAL for anything else, without its message', async () => {
    const answer = await sent(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(answer.code).toBe(status.INTERNAL);
    expect(answer.details).toBe('internal error');
  });
});
