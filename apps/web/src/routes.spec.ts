import { parseRoute, paths } from './routes';

describe('routes', () => {
  it('round-trips every page through its path', () => {
    expect(parseRoute(paths.directory())).toEqual({ page: 'directory' });
    expect(parseRoute(paths.room('r 1/x'))).toEqual({ page: 'room', roomId: 'r 1/x' });
    expect(parseRoute(paths.studio())).toEqual({ page: 'studio', roomId: undefined });
    expect(parseRoute(paths.studio('abc'))).toEqual({ page: 'studio', roomId: 'abc' });
    const doc = 'http://127.0.0.1:8082/vod/rec-1?exp=1&sig=a%2Bb';
    const [path, search] = paths.replay(doc).split('?');
    expect(parseRoute(path, `?${search}`)).toEqual({ page: 'replay', documentUrl: doc });
  });

  it('answers not-found for anything else', () => {
    expect(parseRoute('/rooms')).toEqual({ page: 'not-found' });
    expect(parseRoute('/replay')).toEqual({ page: 'not-found' });
    expect(parseRoute('/nope/1/2')).toEqual({ page: 'not-found' });
  });
});
