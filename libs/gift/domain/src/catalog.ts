import { ValidationError } from '@ovation/errors';
import { MinorUnits, parsePositiveAmount } from './money';

export const GIFT_TIERS = ['basic', 'animated', 'fullscreen'] as const;
export type GiftTier = (typeof GIFT_TIERS)[number];

export interface GiftDefinition {
  id: string;
  name: string;
  price: MinorUnits;
  iconUrl: string;
  tier: GiftTier;
  comboAble: boolean;
  enabled: boolean;
  sortOrder: number;
}

export type GiftInput = Omit<GiftDefinition, 'price'> & { price: string | number | bigint };

const GIFT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const NAME_MAX = 40;
const ICON_URL_MAX = 500;

/** Checks a catalog entry an admin submits; throws ValidationError naming the field. */
export function validateGift(input: GiftInput): GiftDefinition {
  if (!GIFT_ID.test(input.id ?? '')) throw new ValidationError('id', 'id must be 1–64 lowercase letters, digits, dash or underscore');
  const name = (input.name ?? '').normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  if (!name) throw new ValidationError('name', 'name must not be empty');
  if ([...name].length > NAME_MAX) throw new ValidationError('name', `name must be at most ${NAME_MAX} characters`);
  if (!GIFT_TIERS.includes(input.tier)) throw new ValidationError('tier', `tier must be one of ${GIFT_TIERS.join(', ')}`);
  if ((input.iconUrl ?? '').length > ICON_URL_MAX) throw new ValidationError('iconUrl', `iconUrl must be at most ${ICON_URL_MAX} characters`);
  if (!Number.isInteger(input.sortOrder)) throw new ValidationError('sortOrder', 'sortOrder must be a whole number');
  return {
    id: input.id,
    name,
    price: parsePositiveAmount('price', input.price),
    iconUrl: input.iconUrl ?? '',
    tier: input.tier,
    comboAble: Boolean(input.comboAble),
    enabled: Boolean(input.enabled),
    sortOrder: input.sortOrder,
  };
}
