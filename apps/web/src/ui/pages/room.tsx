import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/http';
import { paths } from '../../routes';
import { ChatPanel, type ModerationActions } from '../components/chat-panel';
import { DanmakuLayer, type DanmakuLayerHandle } from '../components/danmaku-layer';
import { GiftBanners, GiftBar } from '../components/gift-bar';
import { Leaderboard } from '../components/leaderboard';
import { Link } from '../components/link';
import { useServices } from '../context';
import { compactCount } from '../format';
import { Player } from '../player/player';
import { useRoomSession } from './use-room-session';

const STATUS_TEXT = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', stopped: 'Disconnected', banned: 'Banned', ended: 'Room ended' } as const;

export function RoomPage({ roomId }: { roomId: string }) {
  const { api, session, identity, askSignIn } = useServices();
  const layer = useRef<DanmakuLayerHandle | null>(null);
  const live = useRoomSession(roomId, layer);
  const [danmakuOn, setDanmakuOn] = useState(true);
  const [likeBurst, setLikeBurst] = useState(0);
  const canModerate = useModeratorStanding(roomId, live.join?.room.ownerId);
  const room = live.join?.room;

  const moderation: ModerationActions | undefined = canModerate
    ? {
        mute: (userId, seconds) =>
          void session
            .userToken()
            .then((token) => api.mute(token, roomId, userId, seconds, 'from chat'))
            .then(() => live.setNotice(seconds ? `${userId} is muted for ${seconds / 60} min.` : `${userId} is muted until unmuted.`))
            .catch((error: Error) => live.setNotice(`Could not mute ${userId}: ${error.message}`)),
        ban: (userId) =>
          void session
            .userToken()
            .then((token) => api.ban(token, roomId, userId))
            .then(() => live.setNotice(`${userId} is banned from this room.`))
            .catch((error: Error) => live.setNotice(`Could not ban ${userId}: ${error.message}`)),
      }
    : undefined;

  if (live.joinError) {
    return (
      <section class="empty" role="alert">
        <h1>This room cannot be watched</h1>
        <p>{live.joinError}</p>
        <Link href={paths.directory()}>Back to live rooms</Link>
      </section>
    );
  }

  const status = live.roomStatus ?? room?.status;
  return (
    <div class="room-page">
      <section class="room-main" aria-labelledby="room-title">
        <header class="room-head">
          <div>
            <h1 id="room-title">{room?.title ?? 'Joining…'}</h1>
            {room && (
              <p class="muted">
                {room.ownerId} · {room.category}
              </p>
            )}
          </div>
          <div class="room-stats">
            {status === 'live' && <span class="badge live">LIVE</span>}
            {status === 'ended' && <span class="badge">Ended</span>}
            {status === 'created' && <span class="badge">Starting soon</span>}
            <span aria-label={`${live.online ?? 0} watching`} data-testid="online-count">
              👁 {compactCount(live.online ?? 0)}
            </span>
            <span class={`conn conn-${live.status.status}`} role="status" title={live.status.detail}>
              {STATUS_TEXT[live.status.status]}
            </span>
          </div>
        </header>
        {live.join ? (
          <Player urls={live.join.playback} live={status !== 'ended'}>
            <DanmakuLayer handle={layer} hidden={!danmakuOn} />
            <GiftBanners banners={live.banners} />
          </Player>
        ) : (
          <div class="stage placeholder" aria-busy="true" />
        )}
        <div class="room-actions">
          <button
            type="button"
            class="like"
            aria-label={`Like (${live.likes} likes)`}
            onClick={() => {
              if (!identity) return askSignIn('Sign in to like.');
              live.like();
              setLikeBurst((n) => n + 1);
            }}
          >
            <span aria-hidden="true" key={likeBurst} class={likeBurst ? 'pop' : ''}>
              ♥
            </span>{' '}
            <span data-testid="like-count">{compactCount(live.likes)}</span>
          </button>
          <label class="toggle">
            <input type="checkbox" checked={danmakuOn} onChange={(event) => setDanmakuOn(event.currentTarget.checked)} /> Danmaku over video
          </label>
        </div>
        {live.notice && <Toast key={live.notice.at} text={live.notice.text} />}
        <GiftBar roomId={roomId} onNotice={live.setNotice} />
      </section>
      <aside class="room-side">
        <ChatPanel
          lines={live.lines}
          canChat={!!identity && live.status.status !== 'banned'}
          onSend={live.sendChat}
          onAskSignIn={() => askSignIn('Sign in to chat — guests can watch only.')}
          moderation={moderation}
          selfId={identity?.userId}
        />
        <Leaderboard roomId={roomId} giftTick={live.giftTick} />
      </aside>
    </div>
  );
}

/** Whether the signed-in user may moderate: the owner, a platform admin, or a room admin (asked of the gateway). */
function useModeratorStanding(roomId: string, ownerId: string | undefined): boolean {
  const { api, session, identity } = useServices();
  const [roomAdmin, setRoomAdmin] = useState(false);
  const obvious = !!identity && (identity.userId === ownerId || identity.role === 'admin');
  useEffect(() => {
    setRoomAdmin(false);
    if (!identity || obvious || !ownerId) return;
    let cancelled = false;
    session
      .userToken()
      .then((token) => api.moderation(token, roomId))
      .then(
        () => !cancelled && setRoomAdmin(true),
        (error) => !(error instanceof ApiError) && console.warn(error),
      );
    return () => {
      cancelled = true;
    };
  }, [roomId, identity?.userId, ownerId]);
  return obvious || roomAdmin;
}

/** A short message that announces itself to screen readers and fades after a few seconds. */
function Toast({ text }: { text: string }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setShown(false), 6000);
    return () => clearTimeout(timer);
  }, []);
  return (
    <p class={`toast${shown ? '' : ' gone'}`} role="alert" data-testid="notice">
      {text}
    </p>
  );
}
