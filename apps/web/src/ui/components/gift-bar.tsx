import { useState } from 'preact/hooks';
import { ApiError } from '../../api/http';
import type { Gift } from '../../api/types';
import type { GiftBanner } from '../../gifts/combos';
import { useServices } from '../context';
import { compactCount } from '../format';
import { usePolling } from '../use-polling';

/** Icons for the seeded catalog; a gift with its own iconUrl shows that instead. */
const GIFT_ICONS: Record<string, string> = { rose: '🌹', lollipop: '🍭', heart: '💖', fireworks: '🎆', 'sports-car': '🏎️', rocket: '🚀' };

/** Gift buttons with the viewer's balance. The effect is shown when the room's stream carries it (money taken). */
export function GiftBar({ roomId, onNotice }: { roomId: string; onNotice(text: string): void }) {
  const { api, session, identity, askSignIn } = useServices();
  const catalog = usePolling(() => api.gifts(), 0);
  const [balance, setBalance] = useState<number>();
  const [busy, setBusy] = useState(false);
  usePolling(
    async () => {
      if (!identity) return setBalance(undefined);
      setBalance(Number((await api.wallet(await session.userToken())).balance));
    },
    15000,
    [identity?.userId],
  );

  if (catalog.error) return <p class="hint gift-bar">Gifts are unavailable right now.</p>;
  const send = async (gift: Gift) => {
    if (!identity) return askSignIn('Sign in to send gifts.');
    setBusy(true);
    try {
      const answer = await api.sendGift(await session.userToken(), roomId, gift.id, 1, newIdempotencyKey());
      setBalance(Number(answer.balance));
    } catch (error) {
      onNotice(giftError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="gift-bar" aria-label="Gifts">
      <div class="balance" aria-live="polite">
        {identity ? (
          <>
            <span aria-hidden="true">🪙</span> <span data-testid="balance">{balance === undefined ? '…' : balance.toLocaleString()}</span> <span class="muted">coins</span>
          </>
        ) : (
          <span class="muted">Sign in to send gifts</span>
        )}
      </div>
      <ul class="gifts">
        {(catalog.data ?? []).map((gift) => (
          <li key={gift.id}>
            <button type="button" class="gift" disabled={busy} onClick={() => void send(gift)} aria-label={`Send ${gift.name} for ${gift.price} coins`} data-gift={gift.id}>
              <span class="gift-icon" aria-hidden="true">
                {giftIcon(gift)}
              </span>
              <span class="gift-name">{gift.name}</span>
              <span class="gift-price">{compactCount(Number(gift.price))}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Gift effects over the video: one banner per sender and gift, with its combo. */
export function GiftBanners({ banners }: { banners: GiftBanner[] }) {
  const spotlight = banners.find((banner) => banner.tier === 'GIFT_TIER_FULLSCREEN');
  return (
    <>
      {spotlight && (
        <div class="gift-spotlight" key={`${spotlight.key}:${spotlight.combo}`} aria-hidden="true">
          {GIFT_ICONS[spotlight.giftId] ?? '🎁'}
        </div>
      )}
      <ol class="gift-banners" aria-live="polite" aria-label="Gift effects">
      {banners.map((banner) => (
        <li key={banner.key} class={`gift-banner tier-${banner.tier.replace('GIFT_TIER_', '').toLowerCase()}`} data-testid="gift-effect">
          <span class="gift-icon" aria-hidden="true">
            {GIFT_ICONS[banner.giftId] ?? '🎁'}
          </span>
          <span>
            <strong>{banner.senderName}</strong> sent {banner.giftName}
          </span>
          <span class="combo" key={banner.combo}>
            ×{banner.combo}
          </span>
        </li>
      ))}
      </ol>
    </>
  );
}

function giftIcon(gift: Gift) {
  if (gift.iconUrl) return <img src={gift.iconUrl} alt="" width={28} height={28} />;
  return GIFT_ICONS[gift.id] ?? '🎁';
}

function giftError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The gift could not be sent.';
  if (error.code === 'insufficient_balance') return 'Not enough coins for that gift.';
  if (error.status === 429) return `Slow down: try again in ${error.retryAfterSeconds ?? 1} s.`;
  return `The gift was not sent: ${error.message}`;
}

/** Sent with each gift so a retried request is never charged twice. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
