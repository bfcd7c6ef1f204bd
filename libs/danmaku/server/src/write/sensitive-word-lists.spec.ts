import { status as GrpcStatus } from '@grpc/grpc-js';
import type { roomV1 } from '@ovation/contracts';
import { SensitiveWordFilter } from '@ovation/danmaku-domain';
import pino from 'pino';
import { Registry } from 'prom-client';
import { PushMetrics } from '../metrics/push-metrics';
import type { RoomClient } from '../rooms/room-client';
import { SensitiveWordLists } from './sensitive-word-lists';

const TTL = 10_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Room's lists as the test sets them, answering GetSensitiveWords as room does. */
class FakeRoom {
  readonly lists = new Map<string, { version: number; words: string[] }>();
  readonly asked: Array<{ roomId: string; knownVersion: string }> = [];
  down = false;
  readonly client = {
    getSensitiveWords: async (request: roomV1.GetSensitiveWordsRequest): Promise<roomV1.GetSensitiveWordsResponse> => {
      this.asked.push({ roomId: request.roomId, knownVersion: request.knownVersion });
      if (this.down) throw Object.assign(new Error('unavailable'), { code: GrpcStatus.UNAVAILABLE });
      const list = this.lists.get(request.roomId) ?? { version: 0, words: [] };
      const unchanged = String(list.version) === request.knownVersion;
      return { list: { roomId: request.roomId, version: String(list.version), words: unchanged ? [] : list.words, updatedBy: '', updatedAt: '0' }, unchanged };
    },
  } as unknown as RoomClient;

  set(roomId: string, version: number, words: string[]): void {
    this.lists.set(roomId, { version, words });
  }
}

describe('SensitiveWordLists', () => {
  const filter = new SensitiveWordFilter('mask');
  let clock: number;
  let room: FakeRoom;
  let registry: Registry;
  let lists: SensitiveWordLists;
  const masked = async (roomId: string, text: string) => {
    const verdict = filter.check(text, await lists.listsFor(roomId));
    return verdict.kind === 'masked' ? verdict.text : verdict.kind;
  };
  const metric = async (name: string, labels: Record<string, string>) =>
    ((await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0);

  beforeEach(() => {
    clock = 0;
    room = new FakeRoom();
    registry = new Registry();
    lists = new SensitiveWordLists(room.client, { ttlMs: TTL, baseline: ['baseline'] }, new PushMetrics(registry), pino({ level: 'silent' }), () => clock);
  });

  it("filters with the platform's list (and the node's baseline words) and the room's own", async () => {
    room.set('', 3, ['scam']);
    room.set('r1', 1, ['noob']);
    await lists.preload();
    expect(await masked('r1', 'scam noob baseline')).toBe('**** **** ********');
    expect(await masked('r2', 'scam noob')).toBe('**** noob');
    expect(await metric('ovation_push_sensitive_word_list_version', { list: 'platform' })).toBe(3);
    expect(await metric('ovation_push_sensitive_word_list_words', { list: 'platform' })).toBe(2);
  });

  it('fetches an announced change at once, and ignores one it already has or for a room it never needed', async () => {
    room.set('r1', 1, ['noob']);
    expect(await masked('r1', 'noob troll')).toBe('**** troll');
    room.set('r1', 2, ['troll']);
    room.set('', 1, ['scam']);
    const asked = room.asked.length;
    lists.changed('r1', 2);
    lists.changed('', 1);
    lists.changed('never-seen', 5);
    await flush();
    expect(room.asked.slice(asked).map((a) => a.roomId).sort()).toEqual(['', 'r1']);
    expect(await masked('r1', 'noob troll scam')).toBe('noob ***** ****');
    lists.changed('r1', 2); // what it has
    await flush();
    expect(room.asked).toHaveLength(asked + 2);
  });

  it('asks again as a list ages, for its version only, and heals a lost announcement within the TTL', async () => {
    room.set('r1', 1, ['noob']);
    expect(await masked('r1', 'noob')).toBe('****');
    room.set('r1', 2, ['troll']); // changed in room; the announcement never came
    clock += TTL / 4;
    expect(await masked('r1', 'noob troll')).toBe('**** troll');
    clock += TTL / 2; // past half its life: asked again in the background, with the version it has
    await lists.listsFor('r1');
    await flush();
    expect(room.asked.filter((a) => a.roomId === 'r1').at(-1)).toEqual({ roomId: 'r1', knownVersion: '1' });
    expect(await masked('r1', 'noob troll')).toBe('noob *****');
    expect(await metric('ovation_push_sensitive_word_reloads_total', { list: 'room', outcome: 'changed' })).toBe(2);
    clock += TTL; // unchanged since: only the version comes back
    await lists.listsFor('r1');
    expect(await metric('ovation_push_sensitive_word_reloads_total', { list: 'room', outcome: 'unchanged' })).toBeGreaterThanOrEqual(1);
    expect(await masked('r1', 'troll')).toBe('*****');
  });

  it('keeps the newer version when an older answer lands last', async () => {
    room.set('r1', 1, ['noob']);
    await lists.listsFor('r1');
    room.set('r1', 2, ['troll']);
    lists.changed('r1', 2);
    await flush();
    lists.changed('r1', 1); // a late, older announcement
    await flush();
    expect(await masked('r1', 'noob troll')).toBe('noob *****');
  });

  it('refuses to guess when room cannot answer and no list is kept, and starts without the platform list', async () => {
    room.down = true;
    await lists.preload();
    await expect(lists.listsFor('r1')).rejects.toThrow('unavailable');
    expect(await metric('ovation_push_sensitive_word_reloads_total', { list: 'platform', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    room.down = false;
    expect(await masked('r1', 'baseline')).toBe('********');
  });
});
