// Gift effects on screen: one banner per sender and gift, its counter rising with each combo
// (×N), gone a few seconds after the last one. Full-screen gifts stay longer.
import type { GiftPayload } from '../danmaku/protocol';

export interface GiftBanner {
  key: string;
  senderName: string;
  giftName: string;
  giftId: string;
  /** The combo count shown as ×N. */
  combo: number;
  tier: string;
  untilMs: number;
}

const SHOW_MS = 4000;
const FULLSCREEN_SHOW_MS = 7000;
const MAX_BANNERS = 4;

export class GiftCombos {
  private banners = new Map<string, GiftBanner>();

  /** Records a gift effect; answers the banners to show now, newest first. */
  add(gift: GiftPayload, nowMs: number): GiftBanner[] {
    const key = `${gift.senderId ?? ''}:${gift.giftId ?? ''}`;
    const previous = this.banners.get(key);
    const continuing = previous !== undefined && previous.untilMs > nowMs;
    // The gift service counts combos; without its count, the client adds up what it saw.
    const combo = gift.combo && gift.combo > 0 ? gift.combo : (continuing ? previous.combo : 0) + (gift.count ?? 1);
    this.banners.delete(key);
    this.banners.set(key, {
      key,
      senderName: gift.senderName || gift.senderId || 'someone',
      giftName: gift.giftName || gift.giftId || 'a gift',
      giftId: gift.giftId ?? '',
      combo,
      tier: gift.tier ?? '',
      untilMs: nowMs + (gift.tier === 'GIFT_TIER_FULLSCREEN' ? FULLSCREEN_SHOW_MS : SHOW_MS),
    });
    return this.visible(nowMs);
  }

  /** The banners still showing, newest first, at most MAX_BANNERS. */
  visible(nowMs: number): GiftBanner[] {
    for (const [key, banner] of this.banners) if (banner.untilMs <= nowMs) this.banners.delete(key);
    return [...this.banners.values()].reverse().slice(0, MAX_BANNERS);
  }
}
