import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/http';
import type { Moderation, PublishInfo, Room } from '../../api/types';
import { paths } from '../../routes';
import { CopyField } from '../components/copy-field';
import { Link } from '../components/link';
import { useServices } from '../context';
import { compactCount } from '../format';
import { usePolling } from '../use-polling';

const MY_ROOMS_KEY = 'ovation.studio.rooms';

/** The streamer's console: create a room, get the RTMP address and key, rotate it, end the stream, moderate. */
export function StudioPage({ roomId }: { roomId?: string }) {
  const { identity, askSignIn } = useServices();
  if (!identity || (identity.role !== 'streamer' && identity.role !== 'admin')) {
    return (
      <section class="empty">
        <h1>Go live</h1>
        <p>Sign in as a streamer to create a room and get your stream key.</p>
        <button type="button" onClick={() => askSignIn('Choose the role “Streamer” to go live.')}>
          Sign in as a streamer
        </button>
      </section>
    );
  }
  return (
    <div class="studio">
      <MyRooms current={roomId} />
      {roomId ? <RoomConsole key={roomId} roomId={roomId} /> : <CreateRoom />}
    </div>
  );
}

function myRooms(userId: string): string[] {
  try {
    return (JSON.parse(window.localStorage.getItem(MY_ROOMS_KEY) ?? '{}') as Record<string, string[]>)[userId] ?? [];
  } catch {
    return [];
  }
}

function rememberRoom(userId: string, roomId: string): void {
  let all: Record<string, string[]> = {};
  try {
    all = JSON.parse(window.localStorage.getItem(MY_ROOMS_KEY) ?? '{}') as Record<string, string[]>;
  } catch {
    // A damaged entry is replaced.
  }
  all[userId] = [roomId, ...(all[userId] ?? []).filter((id) => id !== roomId)].slice(0, 20);
  window.localStorage.setItem(MY_ROOMS_KEY, JSON.stringify(all));
}

function MyRooms({ current }: { current?: string }) {
  const { api, identity } = useServices();
  const ids = myRooms(identity!.userId);
  const rooms = usePolling(() => Promise.all(ids.map((id) => api.room(id).catch(() => undefined))), 5000, [identity!.userId, current]);
  return (
    <nav class="my-rooms" aria-label="Your rooms">
      <h2>Your rooms</h2>
      <ul>
        <li>
          <Link href={paths.studio()} class={current ? '' : 'current'}>
            + New room
          </Link>
        </li>
        {(rooms.data ?? []).filter((room): room is Room => !!room).map((room) => (
          <li key={room.id}>
            <Link href={paths.studio(room.id)} class={room.id === current ? 'current' : ''}>
              {room.title} <small class={`status-${room.status}`}>{room.status}</small>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CreateRoom() {
  const { api, session, identity, navigate } = useServices();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('general');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const room = await api.createRoom(await session.userToken(), title.trim(), category.trim() || 'general');
      rememberRoom(identity!.userId, room.id);
      navigate(paths.studio(room.id));
    } catch (failure) {
      setError(failure instanceof ApiError ? `${failure.field ? `${failure.field}: ` : ''}${failure.message}` : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="create-title">
      <h1 id="create-title">Create a room</h1>
      <form onSubmit={submit} class="stack">
        <label>
          Title
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={120} placeholder="Friday night synthwave" />
        </label>
        <label>
          Category
          <input name="category" value={category} onInput={(e) => setCategory(e.currentTarget.value)} maxLength={40} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create room'}
        </button>
      </form>
    </section>
  );
}

function RoomConsole({ roomId }: { roomId: string }) {
  const { api, session, identity } = useServices();
  const room = usePolling(() => api.room(roomId), 4000, [roomId]);
  const [publish, setPublish] = useState<PublishInfo>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    rememberRoom(identity!.userId, roomId);
    session
      .userToken()
      .then((token) => api.publishInfo(token, roomId))
      .then(setPublish, (failure: Error) => setError(failure.message));
  }, [roomId]);

  const act = async (what: string, run: (token: string) => Promise<void>) => {
    setError('');
    setMessage('');
    try {
      await run(await session.userToken());
      setMessage(what);
      room.reload();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const current = room.data;
  const ended = current?.status === 'ended';
  return (
    <section class="panel console" aria-labelledby="console-title">
      <div class="section-head">
        <h1 id="console-title">{current?.title ?? 'Your room'}</h1>
        {current && (
          <p>
            <span class={`badge status-${current.status}`}>{current.status}</span> 👁 {compactCount(current.onlineCount)} ·{' '}
            <Link href={paths.room(roomId)}>Open the viewer page</Link>
          </p>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p class="ok" role="status">
          {message}
        </p>
      )}
      {publish && !ended && (
        <div class="stack">
          <p class="hint">Point OBS (Settings → Stream → Custom) or ffmpeg at this address. Keep the key secret.</p>
          <CopyField label="RTMP URL" value={publish.rtmpUrl} testId="rtmp-url" />
          <CopyField label="Stream key" value={publish.streamKey} secret testId="stream-key" />
          <CopyField label="ffmpeg command" value={`ffmpeg -re -i video.mp4 -c:v libx264 -preset veryfast -g 60 -c:a aac -f flv "${publish.publishUrl}"`} secret />
          <div class="actions">
            <button
              type="button"
              class="ghost"
              onClick={() =>
                void act('A new stream key is ready; the old one no longer starts streams.', async (token) => {
                  const { streamKey } = await api.rotateStreamKey(token, roomId);
                  setPublish({ ...publish, streamKey, publishUrl: `${publish.rtmpUrl.replace(/\/+$/, '')}/${streamKey}` });
                })
              }
            >
              Rotate stream key
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => window.confirm('End this room for good? Viewers will see the stream end.') && void act('The room has ended.', async (token) => void (await api.endRoom(token, roomId)))}
            >
              End stream
            </button>
          </div>
        </div>
      )}
      {ended && <p class="hint">This room has ended. Create a new room to go live again.</p>}
      <ModerationList roomId={roomId} />
    </section>
  );
}

function ModerationList({ roomId }: { roomId: string }) {
  const { api, session } = useServices();
  const list = usePolling(async (): Promise<Moderation> => api.moderation(await session.userToken(), roomId), 5000, [roomId]);
  const lift = async (run: (token: string) => Promise<void>) => {
    await run(await session.userToken()).catch(() => undefined);
    list.reload();
  };
  const data = list.data;
  return (
    <section aria-labelledby="moderation-title" class="moderation">
      <h2 id="moderation-title">Moderation</h2>
      <p class="hint">Mute or ban from any message's ⋯ menu on the viewer page.</p>
      {data && data.mutes.length === 0 && data.bans.length === 0 && <p class="muted">Nobody is muted or banned.</p>}
      <ul>
        {data?.mutes.map((mute) => (
          <li key={`m-${mute.userId}`}>
            <strong>{mute.userId}</strong> muted {mute.muteUntil ? `until ${new Date(mute.muteUntil).toLocaleTimeString()}` : 'until unmuted'}
            <button type="button" class="ghost" onClick={() => void lift((token) => api.unmute(token, roomId, mute.userId))}>
              Unmute
            </button>
          </li>
        ))}
        {data?.bans.map((ban) => (
          <li key={`b-${ban.userId}`}>
            <strong>{ban.userId}</strong> banned
            <button type="button" class="ghost" onClick={() => void lift((token) => api.unban(token, roomId, ban.userId))}>
              Unban
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
