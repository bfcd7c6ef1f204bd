import { status as GrpcStatus } from '@grpc/grpc-js';
import type { RoomClient } from '../rooms/room-client';
import { roomLiveSince } from './room-live-since';

const roomAnswering = (answer: () => Promise<unknown>) => ({ getRoom: answer }) as unknown as RoomClient;
const grpcError = (code: number) => Object.assign(new Error(`grpc ${code}`), { code });

describe('roomLiveSince', () => {
  it("gives the room's liveAt", async () => {
    expect(await roomLiveSince(roomAnswering(async () => ({ room: { liveAt: '1732400000000' } })))('r1')).toBe(1_732_400_000_000);
  });

  it('has no start for a room that never went live or that room does not know', async () => {
    expect(await roomLiveSince(roomAnswering(async () => ({ room: { liveAt: '0' } })))('r1')).toBeUndefined();
    expect(
      await roomLiveSince(
        roomAnswering(async () => {
          throw grpcError(GrpcStatus.NOT_FOUND);
        }),
      )('r1'),
    ).toBeUndefined();
  });

  it('throws when room cannot answer, so the batch is tried again instead of guessed', async () => {
    const unreachable = roomLiveSince(
      roomAnswering(async () => {
        throw grpcError(GrpcStatus.UNAVAILABLE);
      }),
    );
    await expect(unreachable('r1')).rejects.toThrow(`grpc ${GrpcStatus.UNAVAILABLE}`);
  });
});
