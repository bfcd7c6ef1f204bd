// The client's pages and their paths (the gateway serves index.html for each).

export type Route =
  | { page: 'directory' }
  | { page: 'room'; roomId: string }
  | { page: 'studio'; roomId?: string }
  | { page: 'replay'; documentUrl: string }
  | { page: 'not-found' };

export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'directory' };
  if (parts[0] === 'rooms' && parts.length === 2) return { page: 'room', roomId: parts[1] };
  if (parts[0] === 'studio' && parts.length <= 2) return { page: 'studio', roomId: parts[1] };
  if (parts[0] === 'replay' && parts.length === 1) {
    const documentUrl = new URLSearchParams(search).get('doc');
    if (documentUrl) return { page: 'replay', documentUrl };
  }
  return { page: 'not-found' };
}

export const paths = {
  directory: () => '/',
  room: (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`,
  studio: (roomId?: string) => (roomId ? `/studio/${encodeURIComponent(roomId)}` : '/studio'),
  replay: (documentUrl: string) => `/replay?doc=${encodeURIComponent(documentUrl)}`,
};
