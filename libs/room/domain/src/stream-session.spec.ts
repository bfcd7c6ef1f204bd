import { graceExpired, onStreamStarted, onStreamStopped, publishDenial, StreamSession } from './index';

const created: StreamSession = { status: 'created', publishingNode: null, publishingStreamId: null, streamLostAt: null };
const live: StreamSession = { status: 'live', publishingNode: 'ingest-a', publishingStreamId: 's1', streamLostAt: null };
const losing: StreamSession = { ...live, streamLostAt: 1_000 };
const ended: StreamSession = { ...live, status: 'ended' };

describe('stream started', () => {
  it('takes a created room live', () => {
    expect(onStreamStarted(created, { node: 'ingest-a', streamId: 's1' })).toEqual({ kind: 'go_live' });
  });

  it('resumes a live room on a new stream (reconnect within the grace period, or another node)', () => {
    expect(onStreamStarted(losing, { node: 'ingest-a', streamId: 's2' })).toEqual({ kind: 'resume' });
    expect(onStreamStarted(losing, { node: 'ingest-b', streamId: 's2' })).toEqual({ kind: 'resume' });
  });

  it('ignores a redelivery of the current stream, even after it stopped', () => {
    expect(onStreamStarted(live, { node: 'ingest-a', streamId: 's1' })).toEqual({ kind: 'ignore', why: 'duplicate' });
    expect(onStreamStarted(losing, { node: 'ingest-a', streamId: 's1' })).toEqual({ kind: 'ignore', why: 'duplicate' });
  });

  it('never revives an ended room', () => {
    expect(onStreamStarted(ended, { node: 'ingest-a', streamId: 's9' })).toEqual({ kind: 'ignore', why: 'room_ended' });
  });
});

describe('stream stopped', () => {
  it('starts the grace period for the stream feeding a live room', () => {
    expect(onStreamStopped(live, { node: 'ingest-a', streamId: 's1' })).toEqual({ kind: 'start_grace' });
  });

  it.each([
    [created, 's1', 'not_live'],
    [ended, 's1', 'not_live'],
    [live, 's0', 'stale_stream'],
    [losing, 's1', 'grace_running'],
  ] as const)('ignores it when %j stops %s (%s)', (session, streamId, why) => {
    expect(onStreamStopped(session, { node: 'ingest-a', streamId })).toEqual({ kind: 'ignore', why });
  });

  it('ends the room only once the grace period has passed', () => {
    expect(graceExpired(1_000, 10_000, 10_999)).toBe(false);
    expect(graceExpired(1_000, 10_000, 11_000)).toBe(true);
  });
});

describe('publish authorization', () => {
  it('lets any node publish a room nobody publishes', () => {
    expect(publishDenial(created, 'ingest-b')).toBeNull();
  });

  it('refuses another node while a stream feeds the room, but lets the same node reconnect', () => {
    expect(publishDenial(live, 'ingest-b')).toBe('already_live');
    expect(publishDenial(live, 'ingest-a')).toBeNull();
  });

  it('lets any node take over once the stream was lost', () => {
    expect(publishDenial(losing, 'ingest-b')).toBeNull();
  });

  it('refuses an ended room', () => {
    expect(publishDenial(ended, 'ingest-a')).toBe('room_ended');
  });
});
