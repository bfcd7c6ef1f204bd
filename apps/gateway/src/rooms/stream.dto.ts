import { ApiProperty } from '@nestjs/swagger';

export class PublishInfoView {
  @ApiProperty({ example: 'rtmp://127.0.0.1:1935/live', description: 'The RTMP application URL to push to' }) rtmpUrl!: string;
  @ApiProperty({ description: 'Secret: the stream name to publish under. Shown to the owner only.' }) streamKey!: string;
  @ApiProperty({ example: 'rtmp://127.0.0.1:1935/live/<streamKey>', description: 'rtmpUrl and streamKey joined, for tools that take one URL' }) publishUrl!: string;
  @ApiProperty({ description: 'The ingest node chosen for this room; empty when the scheduler could not be asked' }) ingestNode!: string;
}

export class StreamKeyView {
  @ApiProperty({ description: 'The new stream key; the old one no longer authorizes publishing' }) streamKey!: string;
}
