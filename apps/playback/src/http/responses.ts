import { NotFoundError } from '@ovation/errors';
import { errorBody } from '@ovation/http';
import type { Request, Response } from 'express';

export const HLS_PLAYLIST = 'application/vnd.apple.mpegurl';

/** The request's query as the signature check reads it. */
export function queryOf(request: Request): URLSearchParams {
  return new URL(request.originalUrl, 'http://playback').searchParams;
}

/**
 * Sends a file with its caching policy: segments never change once written (a new one gets a new
 * name), so caches may keep them for good.
 */
export function sendFile(response: Response, path: string, contentType: string, cache: { maxAgeMs: number; immutable?: boolean }): void {
  // Paths come from MediaStorage, which admits plain names only; the media root itself may sit under a dot directory (.ovation).
  response.sendFile(path, { dotfiles: 'allow', maxAge: cache.maxAgeMs, immutable: cache.immutable ?? false, headers: { 'Content-Type': contentType } }, (error) => {
    if (!error || response.headersSent) return;
    const missing = new NotFoundError('media file', path.split('/').pop() ?? '');
    response.status(404).setHeader('Cache-Control', 'no-store').json(errorBody(missing.reason, missing.message));
  });
}

export function sendPlaylist(response: Response, playlist: string, cacheControl: string): void {
  response.status(200).setHeader('Content-Type', HLS_PLAYLIST).setHeader('Cache-Control', cacheControl).send(playlist);
}
