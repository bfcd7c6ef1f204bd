import { useEffect } from 'preact/hooks';
import { useServices } from '../context';
import { compactCount } from '../format';
import { usePolling } from '../use-polling';

/** The room's top contributors; refreshed on a timer and soon after each gift. */
export function Leaderboard({ roomId, giftTick }: { roomId: string; giftTick: number }) {
  const { api } = useServices();
  const board = usePolling(() => api.leaderboard(roomId, 10), 15000, [roomId]);
  useEffect(() => {
    if (giftTick === 0) return;
    // The ranking is updated by a consumer of the gift events: give it a moment.
    const timer = setTimeout(board.reload, 800);
    return () => clearTimeout(timer);
  }, [giftTick]);
  if (board.error) return null;
  return (
    <section class="leaderboard" aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title">Top supporters</h2>
      {board.data && board.data.length === 0 && <p class="hint">No gifts yet — be the first.</p>}
      <ol>
        {(board.data ?? []).map((entry) => (
          <li key={entry.userId}>
            <span class="rank">{entry.rank}</span>
            <span class="who">{entry.displayName || entry.userId}</span>
            <span class="value">{compactCount(Number(entry.totalValue))}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
