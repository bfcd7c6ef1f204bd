/** The room service's gRPC client handle (GrpcClientHandle<RoomClient>). */
export const ROOM_GRPC = Symbol('ROOM_GRPC');
