import { ApiProperty } from '@nestjs/swagger';
import { RoomView } from '../rooms/room.dto';

export class PlaybackUrlsView {
  @ApiProperty({ example: 'http://127.0.0.1:8082/live/<roomId>/master.m3u8?exp=…&sig=…', description: 'HLS master playlist (adaptive bitrate)' }) hls!: string;
  @ApiProperty({ example: 'http://127.0.0.1:8082/live/<roomId>.flv?exp=…&sig=…', description: 'HTTP-FLV, the low-latency stream' }) flv!: string;
  @ApiProperty({ description: 'ISO time the signatures stop working' }) expiresAt!: string;
}

export class JoinView {
  @ApiProperty({ type: RoomView }) room!: RoomView;
  @ApiProperty({ example: 'ws://127.0.0.1:8090/ws', description: 'The danmaku push node to open a WebSocket to' }) pushUrl!: string;
  @ApiProperty({ description: 'The push node chosen by the scheduler; empty when a fallback URL was given' }) pushNodeId!: string;
  @ApiProperty({ description: 'Present it to the push node (HS256, audience ovation-push, claim `room`); short-lived' }) joinToken!: string;
  @ApiProperty({ description: 'ISO time the join token expires' }) joinTokenExpiresAt!: string;
  @ApiProperty({ type: PlaybackUrlsView }) playback!: PlaybackUrlsView;
}
