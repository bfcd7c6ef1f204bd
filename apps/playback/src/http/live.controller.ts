import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { NotFoundError } from '@ovation/errors';
import { FlvRelay, PlaybackMedia } from '@ovation/media-server';
import type { Request, Response } from 'express';
import { queryOf, sendFile, sendPlaylist } from './responses';

/** Live media of a room, every request signed for the room: HTTP-FLV, the HLS master, renditions and segments. */
@Controller('live')
export class LiveController {
  constructor(
    private readonly media: PlaybackMedia,
    private readonly relay: FlvRelay,
  ) {}

  /** `/live/<room>.flv`: the low-latency stream, relayed from the origin through one shared connection. */
  @Get(':file')
  async flv(@Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const roomId = file.endsWith('.flv') ? file.slice(0, -'.flv'.length) : '';
    if (!roomId) throw new NotFoundError('live file', file);
    this.media.authorizeLive(roomId, queryOf(request));
    const origin = await this.media.flvOrigin(roomId);
    response.writeHead(200, { 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-store' });
    response.flushHeaders();
    const leave = this.relay.join(roomId, origin, {
      write: (bytes) => response.write(bytes),
      end: () => response.end(),
      pendingBytes: () => response.writableLength,
    });
    request.on('close', leave);
  }

  /** The master playlist changes with every stream of the room: never served from a cache. */
  @Get(':roomId/:file')
  async master(@Param('roomId') roomId: string, @Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const query = queryOf(request);
    this.media.authorizeLive(roomId, query);
    if (file !== 'master.m3u8') throw new NotFoundError('live file', file);
    sendPlaylist(response, await this.media.livePlaylist(roomId, [file], query), 'no-cache');
  }

  @Get(':roomId/:rendition/:file')
  async rendition(
    @Param('roomId') roomId: string,
    @Param('rendition') rendition: string,
    @Param('file') file: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const query = queryOf(request);
    this.media.authorizeLive(roomId, query);
    if (file.endsWith('.m3u8')) return sendPlaylist(response, await this.media.livePlaylist(roomId, [rendition, file], query), 'no-cache');
    sendFile(response, this.media.livePath(roomId, [rendition, file]), 'video/mp2t', { maxAgeMs: 365 * 86_400_000, immutable: true });
  }
}
