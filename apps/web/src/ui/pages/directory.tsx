import { useState } from 'preact/hooks';
import type { Room } from '../../api/types';
import { paths } from '../../routes';
import { Link } from '../components/link';
import { useServices } from '../context';
import { compactCount } from '../format';
import { usePolling } from '../use-polling';

const REFRESH_MS = 5000;

/** Live rooms, most watched first (the gateway sorts by online count). */
export function DirectoryPage() {
  const { api } = useServices();
  const rooms = usePolling(() => api.liveRooms(), REFRESH_MS);
  const items = [...(rooms.data?.items ?? [])].sort((a, b) => b.onlineCount - a.onlineCount);
  return (
    <section class="directory" aria-labelledby="directory-title">
      <div class="section-head">
        <h1 id="directory-title">Live now</h1>
        {rooms.error && (
          <p class="error" role="alert">
            {rooms.error}
          </p>
        )}
      </div>
      {rooms.data && items.length === 0 && (
        <div class="empty">
          <p>Nobody is live right now.</p>
          <Link href={paths.studio()}>Start a stream from the studio</Link>
        </div>
      )}
      {!rooms.data && !rooms.error && <p class="hint">Loading live rooms…</p>}
      <ul class="room-grid" aria-label="Live rooms">
        {items.map((room) => (
          <li key={room.id}>
            <RoomCard room={room} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RoomCard({ room }: { room: Room }) {
  const [broken, setBroken] = useState('');
  return (
    <Link href={paths.room(room.id)} class="room-card" label={`${room.title}, ${room.onlineCount} watching`}>
      <div class="thumb">
        {room.coverUrl && broken !== room.coverUrl ? (
          <img src={room.coverUrl} alt="" loading="lazy" onError={() => setBroken(room.coverUrl)} />
        ) : (
          <div class="thumb-placeholder" aria-hidden="true">
            ▶
          </div>
        )}
        <span class="badge live">LIVE</span>
        <span class="badge viewers" aria-hidden="true">
          👁 {compactCount(room.onlineCount)}
        </span>
      </div>
      <div class="card-text">
        <strong class="room-title">{room.title}</strong>
        <span class="muted">
          {room.ownerId} · {room.category}
        </span>
      </div>
    </Link>
  );
}
