import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { PlaybackMedia } from '@ovation/media-server';
import type { Request, Response } from 'express';
import { queryOf, sendFile, sendPlaylist } from './responses';

/** Recordings, every request signed for the recording: the replay document, the VOD playlist and its segments. */
@Controller('vod')
export class VodController {
  constructor(private readonly media: PlaybackMedia) {}

  /** The replay document: the recording's playlist and the danmaku of its time window. */
  @Get(':recordingId')
  async replay(@Param('recordingId') recordingId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const query = queryOf(request);
    this.media.authorize(recordingId, query);
    response.setHeader('Cache-Control', 'private, max-age=60');
    response.json(await this.media.replay(recordingId, query));
  }

  /** A finished recording never changes: its playlist may be cached a while, its segments for good. */
  @Get(':recordingId/:file')
  async file(@Param('recordingId') recordingId: string, @Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const query = queryOf(request);
    this.media.authorize(recordingId, query);
    if (file === 'index.m3u8') return sendPlaylist(response, await this.media.recordingPlaylist(recordingId, query), 'public, max-age=300');
    sendFile(response, this.media.recordingPath(recordingId, file), 'video/mp2t', { maxAgeMs: 365 * 86_400_000, immutable: true });
  }
}
