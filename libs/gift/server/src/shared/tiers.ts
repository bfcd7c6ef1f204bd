import { giftV1 } from '@ovation/contracts';
import type { GiftTier } from '@ovation/gift-domain';
import { ValidationError } from '@ovation/errors';

const toProto: Record<GiftTier, giftV1.GiftTier> = {
  basic: giftV1.GiftTier.GIFT_TIER_BASIC,
  animated: giftV1.GiftTier.GIFT_TIER_ANIMATED,
  fullscreen: giftV1.GiftTier.GIFT_TIER_FULLSCREEN,
};

export const tierToProto = (tier: GiftTier): giftV1.GiftTier => toProto[tier];

export function tierFromProto(tier: giftV1.GiftTier): GiftTier {
  const found = (Object.keys(toProto) as GiftTier[]).find((name) => toProto[name] === tier);
  if (!found) throw new ValidationError('tier', 'tier must be basic, animated or fullscreen');
  return found;
}
