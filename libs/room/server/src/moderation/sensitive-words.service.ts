import type { roomV1 } from '@ovation/contracts';
import { ValidationError } from '@ovation/errors';
import {
  Actor,
  normalizeSensitiveWords,
  PlatformAccess,
  RoomAccess,
  SENSITIVE_WORDS_MAX,
  sensitiveWordScope,
  requireOperation,
  validateSensitiveWords,
} from '@ovation/room-domain';
import type { Logger } from 'pino';
import type { EntityManager, Repository } from 'typeorm';
import { RoomEventPublisher } from '../events/room-event-publisher';
import { RoomMetrics } from '../metrics/room-metrics';
import { SensitiveWordEntity, SensitiveWordListEntity } from '../persistence/sensitive-words.entities';
import { RoomsService } from '../rooms/rooms.service';
import { ownership } from './room-roles';

// Inserting a list of 10,000 words in one statement would make one very long query.
const INSERT_CHUNK = 500;

type Change = { kind: 'replace'; words: string[] } | { kind: 'edit'; add: string[]; remove: string[] };

/**
 * The sensitive-word lists push nodes filter chat with: the platform's (room id '', platform
 * admins) and each room's own (its owner or a platform admin). A change takes the list row's lock,
 * writes the words, adds one to the version and commits; then SensitiveWordsChanged goes to the
 * room event stream (a crash in between loses the event, never the change: push nodes also ask
 * again as their copy ages).
 */
export class SensitiveWordsService {
  constructor(
    private readonly lists: Repository<SensitiveWordListEntity>,
    private readonly rooms: RoomsService,
    private readonly events: RoomEventPublisher,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async view(actor: Actor, roomId: string): Promise<roomV1.SensitiveWordList> {
    await this.authorize(actor, roomId);
    return this.read(this.lists.manager, roomId);
  }

  async replace(actor: Actor, roomId: string, words: readonly string[]): Promise<roomV1.SensitiveWordList> {
    await this.authorize(actor, roomId);
    return this.change(actor, roomId, { kind: 'replace', words: validateSensitiveWords('words', words, SENSITIVE_WORDS_MAX[sensitiveWordScope(roomId)]) });
  }

  async edit(actor: Actor, roomId: string, add: readonly string[], remove: readonly string[]): Promise<roomV1.SensitiveWordList> {
    await this.authorize(actor, roomId);
    const max = SENSITIVE_WORDS_MAX[sensitiveWordScope(roomId)];
    const added = validateSensitiveWords('add', add, max);
    const removed = normalizeSensitiveWords(remove);
    if (removed.length > max) throw new ValidationError('remove', `remove may hold at most ${max} words`);
    const both = removed.findIndex((word) => added.includes(word));
    if (both >= 0) throw new ValidationError(`remove[${both}]`, `remove[${both}] is also in add`);
    return this.change(actor, roomId, { kind: 'edit', add: added, remove: removed });
  }

  /** The push nodes' read: only the version when the caller already has it. */
  async get(roomId: string, knownVersion: number): Promise<roomV1.GetSensitiveWordsResponse> {
    const list = await this.lists.findOneBy({ roomId });
    const version = list?.version ?? 0;
    if (version === knownVersion) return { list: toProtoList(roomId, list, []), unchanged: true };
    return { list: await this.read(this.lists.manager, roomId), unchanged: false };
  }

  private async authorize(actor: Actor, roomId: string): Promise<void> {
    if (sensitiveWordScope(roomId) === 'platform') return PlatformAccess.administer(actor);
    const room = await this.rooms.find(roomId);
    RoomAccess.manage(actor, ownership(room, actor.userId));
    requireOperation('sensitiveWords', room);
  }

  private async change(actor: Actor, roomId: string, change: Change): Promise<roomV1.SensitiveWordList> {
    const scope = sensitiveWordScope(roomId);
    const now = this.now();
    const list = await this.lists.manager.transaction(async (manager) => {
      // The list row is the lock: concurrent changes of one list run one after the other, and
      // each gets its own version.
      await manager.query('INSERT IGNORE INTO sensitive_word_lists (room_id, version, updated_by, updated_at) VALUES (?, 0, ?, ?)', [roomId, actor.userId, now]);
      await manager.query('SELECT version FROM sensitive_word_lists WHERE room_id = ? FOR UPDATE', [roomId]);
      const words = manager.getRepository(SensitiveWordEntity);
      const removed = change.kind === 'replace' ? undefined : change.remove;
      if (removed === undefined) await words.delete({ roomId });
      for (let start = 0; removed && start < removed.length; start += INSERT_CHUNK) {
        await manager.query('DELETE FROM sensitive_words WHERE room_id = ? AND word IN (?)', [roomId, removed.slice(start, start + INSERT_CHUNK)]);
      }
      const added = change.kind === 'replace' ? change.words : change.add;
      for (let start = 0; start < added.length; start += INSERT_CHUNK) {
        const rows = added.slice(start, start + INSERT_CHUNK).map((word) => ({ roomId, word, addedBy: actor.userId, addedAt: now }));
        await words.createQueryBuilder().insert().values(rows).orIgnore().execute();
      }
      const count = await words.countBy({ roomId });
      if (count > SENSITIVE_WORDS_MAX[scope]) throw new ValidationError('add', `the list would hold ${count} words, more than ${SENSITIVE_WORDS_MAX[scope]}`);
      await manager.query('UPDATE sensitive_word_lists SET version = version + 1, updated_by = ?, updated_at = ? WHERE room_id = ?', [actor.userId, now, roomId]);
      return this.read(manager, roomId);
    });
    this.metrics.sensitiveWordChanges.inc({ list: scope });
    this.logger.info(
      { action: `${change.kind}_sensitive_words`, list: scope, roomId: roomId || undefined, version: Number(list.version), words: list.words.length, by: actor.userId, platformAdmin: actor.platformAdmin },
      'sensitive words changed',
    );
    await this.events.publish({ roomId, atMs: String(now), sensitiveWords: { version: list.version } });
    return list;
  }

  private async read(manager: EntityManager, roomId: string): Promise<roomV1.SensitiveWordList> {
    const list = await manager.getRepository(SensitiveWordListEntity).findOneBy({ roomId });
    const words = await manager.getRepository(SensitiveWordEntity).find({ select: { word: true }, where: { roomId }, order: { word: 'ASC' } });
    return toProtoList(roomId, list, words.map(({ word }) => word));
  }
}

function toProtoList(roomId: string, list: SensitiveWordListEntity | null, words: string[]): roomV1.SensitiveWordList {
  return { roomId, version: String(list?.version ?? 0), words, updatedBy: list?.updatedBy ?? '', updatedAt: String(list?.updatedAt ?? 0) };
}
