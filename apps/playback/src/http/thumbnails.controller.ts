import { Controller, Get, Param, Res } from '@nestjs/common';
import { NotFoundError } from '@ovation/errors';
import { PlaybackMedia } from '@ovation/media-server';
import type { Response } from 'express';
import { sendFile } from './responses';

/**
 * `/thumbnails/<room>.jpg`: the latest frame of a live room, the cover of room listings. Public on
 * purpose (a listing shows it to everyone); cached a few seconds, as it is replaced every few.
 */
@Controller('thumbnails')
export class ThumbnailsController {
  constructor(private readonly media: PlaybackMedia) {}

  @Get(':file')
  thumbnail(@Param('file') file: string, @Res() response: Response): void {
    const roomId = file.endsWith('.jpg') ? file.slice(0, -'.jpg'.length) : '';
    if (!roomId) throw new NotFoundError('thumbnail', file);
    sendFile(response, this.media.thumbnailPath(roomId), 'image/jpeg', { maxAgeMs: 5000 });
  }
}
