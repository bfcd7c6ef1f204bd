import { status as GrpcStatus } from '@grpc/grpc-js';
import { roomV1 } from '@ovation/contracts';
import type { RoomClient } from './room-client';
import { RoomLiveness } from './room-liveness';

const { ROOM_STATUS_LIVE: LIVE, ROOM_STATUS_ENDED: ENDED } = roomV1.RoomStatus;
const TTL = 10_000;

/** Room's GetRoom as the test sets it: the status room holds, or an error. */
class FakeRoom {
  status: roomV1.RoomStatus | 'missing' | 'malformed' | 'down' = LIVE;
  asked = 0;
  private pending?: () => void;
  held = false;
  readonly client = {
    getRoom: async () => {
      this.asked += 1;
      if (this.held) await new Promise<void>((resolve) => (this.pending = resolve));
      if (this.status === 'missing') throw Object.assign(new Error('no such room'), { code: GrpcStatus.NOT_FOUND });
      if (this.status === 'malformed') throw Object.assign(new Error('roomId must not be empty'), { code: GrpcStatus.INVALID_ARGUMENT });
      if (this.status === 'down') throw Object.assign(new Error('unavailable'), { code: GrpcStatus.UNAVAILABLE });
      return { room: { status: this.status } };
    },
  } as unknown as RoomClient;

  release(): void {
    this.held = false;
    this.pending?.();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RoomLiveness', () => {
  let clock: number;
  let room: FakeRoom;
  let liveness: RoomLiveness;

  beforeEach(() => {
    clock = 0;
    room = new FakeRoom();
    liveness = new RoomLiveness(room.client, TTL, { now: () => clock });
  });

  it('answers from a state event without asking room', async () => {
    liveness.observe('r1', LIVE);
    expect(await liveness.isLive('r1')).toBe(true);
    expect(room.asked).toBe(0);
  });

  it('asks room about a room it has seen no event of, and reuses the answer', async () => {
    expect(await liveness.isLive('r1')).toBe(true);
    room.status = ENDED;
    clock += TTL / 4;
    expect(await liveness.isLive('r1')).toBe(true);
    expect(room.asked).toBe(1);
  });

  it('is wrong about a room whose state event was lost for no longer than the TTL', async () => {
    liveness.observe('r1', LIVE);
    room.status = ENDED; // the room ended, but its event never reached the stream
    clock += TTL - 1;
    await liveness.isLive('r1'); // past half its life: room is asked in the background
    await flush();
    expect(room.asked).toBe(1);
    expect(await liveness.isLive('r1')).toBe(false);

    liveness.observe('r2', LIVE);
    room.status = ENDED;
    clock += TTL; // never read meanwhile: the event's answer simply expires
    expect(await liveness.isLive('r2')).toBe(false);
  });

  it('lets a state event win over a lookup still under way', async () => {
    room.held = true;
    const asked = liveness.isLive('r1');
    liveness.observe('r1', ENDED);
    room.release();
    await asked;
    expect(await liveness.isLive('r1')).toBe(false);
  });

  it('takes a room that does not exist (or an id room refuses) for not live, and an unreachable room service for an error', async () => {
    room.status = 'missing';
    expect(await liveness.isLive('gone')).toBe(false);
    room.status = 'malformed';
    expect(await liveness.isLive('')).toBe(false);
    room.status = 'down';
    await expect(liveness.isLive('other')).rejects.toThrow('unavailable');
  });
});
