import { Injectable, OnApplicationShutdown } from '@nestjs/common';

/** Every gRPC channel the gateway opened, closed once Nest has stopped serving requests. */
@Injectable()
export class GrpcHandles implements OnApplicationShutdown {
  private readonly handles: { close(): void }[] = [];

  add<Handle extends { close(): void }>(handle: Handle): Handle {
    this.handles.push(handle);
    return handle;
  }

  onApplicationShutdown(): void {
    for (const handle of this.handles.splice(0)) handle.close();
  }
}
