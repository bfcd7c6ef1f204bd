import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ingestV1 } from '@ovation/contracts';
import { NotFoundError } from '@ovation/errors';
import { GrpcErrorFilter } from '@ovation/grpc';
import { IngestStreams } from '@ovation/media-server';

@Controller()
@UseFilters(GrpcErrorFilter)
export class IngestGrpcController implements ingestV1.IngestServiceController {
  constructor(private readonly streams: IngestStreams) {}

  @GrpcMethod('IngestService', 'GetStream')
  getStream(request: ingestV1.GetStreamRequest): ingestV1.GetStreamResponse {
    const stream = this.streams.get(request.roomId);
    if (!stream) throw new NotFoundError('stream of room', request.roomId);
    return { stream: this.streams.describe(stream) };
  }

  @GrpcMethod('IngestService', 'ListActiveStreams')
  listActiveStreams(): ingestV1.ListActiveStreamsResponse {
    return { streams: this.streams.active().map((stream) => this.streams.describe(stream)) };
  }
}
