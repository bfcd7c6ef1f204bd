export { PlatformAccess, RoomAccess } from './access';
export { Actor, RoomRole, roomRoleOf } from './actor';
export { RoomNotFoundError } from './errors';
export { allows, canTransition, LifecycleError, requireOperation, ROOM_STATUSES, RoomOperation, roomOperations, RoomStatus, RoomStatusError, transition } from './lifecycle';
export {
  isMuteInForce,
  MODERATION_REASON_MAX,
  MUTE_DURATION_MAX_MS,
  muteUntil,
  SpeakerStatus,
  speakerStatus,
  validateReason,
} from './moderation';
export { decodeCursor, encodeCursor, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, pageLimit } from './pagination';
export { CATEGORY_MAX, COVER_URL_MAX, RoomDetails, TITLE_MAX, validateRoomDetails } from './room-details';
export { normalizeSensitiveWords, SENSITIVE_WORDS_MAX, sensitiveWordScope, validateSensitiveWords } from './sensitive-words';
export { deriveStreamKey, hashStreamKey, isWellFormedStreamKey, STREAM_KEY_MAX } from './stream-key';
export {
  graceExpired,
  onStreamStarted,
  onStreamStopped,
  PublishDenial,
  publishDenial,
  StartedDecision,
  StoppedDecision,
  StreamRef,
  StreamSession,
} from './stream-session';
