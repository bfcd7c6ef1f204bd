export { ArchiveReader, MAX_ARCHIVE_PAGE } from './archive-reader';
export type { ArchivePage, ArchiveQuery } from './archive-reader';
export { decodeArchiveCursor, encodeArchiveCursor } from './archive-cursor';
export type { ArchiveCursor } from './archive-cursor';
export type { ArchivableEvent, ArchivedMessage } from './archived-message';
export { ChatArchiver } from './chat-archiver';
export type { ArchiveResult } from './chat-archiver';
export { danmakuArchiveMigrations } from './migrations';
