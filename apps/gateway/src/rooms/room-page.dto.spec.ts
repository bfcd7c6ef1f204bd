import type { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { roomV1 } from '@ovation/contracts';
import { validationPipe } from '../http/validation';
import { ListRoomsQuery, pageRequestOf, RoomPage } from './room-page.dto';

const asQuery: ArgumentMetadata = { type: 'query', metatype: ListRoomsQuery };

async function parse(query: Record<string, string>): Promise<ListRoomsQuery> {
  return (await validationPipe().transform(query, asQuery)) as ListRoomsQuery;
}

async function refusal(query: Record<string, string>): Promise<unknown> {
  const error = (await parse(query).then(
    () => undefined,
    (e: unknown) => e,
  )) as BadRequestException | undefined;
  return error?.getResponse();
}

const room = (id: string): roomV1.Room => ({
  id,
  ownerId: 'alice',
  title: id,
  category: 'music',
  coverUrl: '',
  status: roomV1.RoomStatus.ROOM_STATUS_LIVE,
  createdAt: '1700000000000',
  liveAt: '1700000001000',
  endedAt: '0',
  onlineCount: 3,
  thumbnailUrl: '',
});

describe('live room pages', () => {
  it('asks for the first page with the server default size when nothing is given', async () => {
    expect(pageRequestOf(await parse({}))).toEqual({ cursor: '', limit: 0 });
  });

  it('passes the cursor through untouched and reads limit as a number', async () => {
    expect(pageRequestOf(await parse({ cursor: 'eyJvIjozfQ', limit: '5' }))).toEqual({ cursor: 'eyJvIjozfQ', limit: 5 });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'not a cursor!' }, 'cursor'],
    [{ cursor: 'x'.repeat(513) }, 'cursor'],
    [{ page: '2' }, 'page'],
  ])('refuses %j naming the field', async (query, field) => {
    expect(await refusal(query)).toEqual({ error: { code: 'invalid_argument', message: expect.any(String), field } });
  });

  it('answers items and the next cursor, null on the last page', () => {
    const more = RoomPage.of({ rooms: [room('r1'), room('r2')], page: { nextCursor: 'abc' } });
    expect(more.items.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(more.items[0]).toMatchObject({ status: 'live', onlineCount: 3, liveAt: '2023-11-14T22:13:21.000Z', endedAt: null });
    expect(more.nextCursor).toBe('abc');
    expect(RoomPage.of({ rooms: [room('r3')], page: { nextCursor: '' } }).nextCursor).toBeNull();
    expect(RoomPage.of({ rooms: [], page: null }).nextCursor).toBeNull();
  });
});
