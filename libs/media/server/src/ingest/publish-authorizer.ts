import { roomV1 } from '@ovation/contracts';

/** Room's word on a publish: may this key go live on this node? */
export interface PublishAuthorizer {
  authorize(streamKey: string, ingestNode: string): Promise<roomV1.AuthorizePublishResponse>;
}

/** The room service's AuthorizePublish, through any client that has it (the gRPC client in production). */
export function roomPublishAuthorizer(room: { authorizePublish(request: roomV1.AuthorizePublishRequest): Promise<roomV1.AuthorizePublishResponse> }): PublishAuthorizer {
  return { authorize: (streamKey, ingestNode) => room.authorizePublish({ streamKey, ingestNode }) };
}
