import { roomV1 } from '@ovation/contracts';

/** Why an ingest node refused an RTMP publish: the `reason` label of its rejection counter. */
export type PublishRejection =
  /** Not `rtmp://host/<app>/<key>` under the publishing application. */
  | 'invalid_path'
  /** This node already receives a stream under that key. */
  | 'already_publishing'
  /** No room has this key: never had, or it was rotated away. */
  | 'unknown_key'
  | 'room_ended'
  /** Another ingest node is feeding the room. */
  | 'already_live'
  | 'forbidden'
  /** Room could not be asked; refusing is the safe side. */
  | 'authorization_unavailable';

const byDenial: Partial<Record<roomV1.PublishDenial, PublishRejection>> = {
  [roomV1.PublishDenial.PUBLISH_DENIAL_UNKNOWN_KEY]: 'unknown_key',
  [roomV1.PublishDenial.PUBLISH_DENIAL_ROOM_ENDED]: 'room_ended',
  [roomV1.PublishDenial.PUBLISH_DENIAL_ALREADY_LIVE]: 'already_live',
  [roomV1.PublishDenial.PUBLISH_DENIAL_FORBIDDEN]: 'forbidden',
};

/** Room's answer as a rejection, or undefined when the publish may go on. */
export function rejectionOf(answer: roomV1.AuthorizePublishResponse): PublishRejection | undefined {
  if (answer.allowed && answer.roomId) return undefined;
  return byDenial[answer.denial] ?? 'forbidden';
}
