import { loadSync } from '@grpc/proto-loader';
import type { MethodDefinition } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { grpcDomains, grpcLoaderOptions, grpcServiceDefinition } from './grpc-definitions';
import { roomV1 } from './index';

type Methods = Record<string, MethodDefinition<unknown, unknown>>;

const isService = (value: object): boolean => Object.values(value).some((member) => typeof member === 'object' && 'path' in member);

describe('grpcServiceDefinition', () => {
  it.each(grpcDomains)('points at a loadable .proto declaring the %s package', (domain) => {
    const { package: protoPackage, protoPath } = grpcServiceDefinition(domain);

    const definition = loadSync(protoPath, grpcLoaderOptions);
    const services = Object.entries(definition).filter(([name, value]) => name.startsWith(`${protoPackage}.`) && isService(value));

    expect(existsSync(protoPath)).toBe(true);
    expect(services.length).toBeGreaterThan(0);
  });
});

describe('grpcLoaderOptions', () => {
  const room = loadSync(grpcServiceDefinition('room').protoPath, grpcLoaderOptions)['ovation.room.v1.RoomService'] as unknown as Methods;

  it('decodes into the shape the generated types describe: camelCase, int64 strings, enum names', () => {
    const response = roomV1.GetRoomResponse.fromPartial({
      room: { id: 'r1', ownerId: 'u1', status: roomV1.RoomStatus.ROOM_STATUS_LIVE, createdAt: '9007199254740993', onlineCount: 12 },
    });

    const loaded = room.GetRoom.responseDeserialize(Buffer.from(roomV1.GetRoomResponse.encode(response).finish()));

    expect(loaded).toEqual(response);
  });

  it('gives null for an unset message field and omits an unset optional scalar, as the types allow', () => {
    const loaded = room.UpdateRoom.requestDeserialize(Buffer.alloc(0)) as roomV1.UpdateRoomRequest;

    expect(loaded).toEqual({ actor: null, roomId: '' });
    expect('title' in loaded).toBe(false);
  });
});
