import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { giftV1 } from '@ovation/contracts';

export const TIERS = ['basic', 'animated', 'fullscreen'] as const;
const tierToProto: Record<(typeof TIERS)[number], giftV1.GiftTier> = {
  basic: giftV1.GiftTier.GIFT_TIER_BASIC,
  animated: giftV1.GiftTier.GIFT_TIER_ANIMATED,
  fullscreen: giftV1.GiftTier.GIFT_TIER_FULLSCREEN,
};
const tierNames = Object.fromEntries(Object.entries(tierToProto).map(([name, proto]) => [proto, name])) as Record<string, string>;

/** Money crosses the API as a decimal string of minor units: JSON numbers are floats. */
const MINOR_UNITS = /^[1-9]\d{0,14}$/;

export class SendGiftBody {
  @ApiProperty({ example: 'rose' })
  @IsString()
  @MaxLength(64)
  giftId!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 })
  @IsInt()
  count!: number;

  @ApiProperty({ example: 'tap-7f3c2a1e', description: 'Chosen once per tap; a retry with the same key returns the first order and charges nothing' })
  @IsString()
  @MaxLength(128)
  idempotencyKey!: string;
}

export class SendGiftView {
  @ApiProperty() orderId!: string;
  @ApiProperty({ description: 'The sender’s balance after the order, in minor units', example: '990' }) balance!: string;
  @ApiProperty({ description: 'True when this key was used before and nothing was charged now' }) duplicate!: boolean;
}

export class GiftView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Minor units per piece', example: '10' }) price!: string;
  @ApiProperty() iconUrl!: string;
  @ApiProperty({ enum: TIERS }) tier!: string;
  @ApiProperty() comboAble!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() sortOrder!: number;

  static of(gift: giftV1.Gift): GiftView {
    return {
      id: gift.id,
      name: gift.name,
      price: gift.price,
      iconUrl: gift.iconUrl,
      tier: tierNames[gift.tier] ?? 'basic',
      comboAble: gift.comboAble,
      enabled: gift.enabled,
      sortOrder: gift.sortOrder,
    };
  }
}

export class CatalogView {
  @ApiProperty({ type: [GiftView] }) gifts!: GiftView[];
}

export class GiftBody {
  @ApiProperty({ example: 'Rose', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  name!: string;

  @ApiProperty({ example: '10', description: 'Minor units per piece, a decimal string' })
  @Matches(MINOR_UNITS, { message: 'price must be a whole number of minor units, as a string' })
  price!: string;

  @ApiProperty({ required: false, example: '/gifts/rose.png' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  iconUrl?: string;

  @ApiProperty({ enum: TIERS })
  @IsIn(TIERS as unknown as string[], { message: `tier must be one of ${TIERS.join(', ')}` })
  tier!: (typeof TIERS)[number];

  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  comboAble?: boolean;

  @ApiProperty({ required: false, default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ required: false, default: 0 })
  @IsOptional()
  @IsInt()
  sortOrder?: number;

  toProto(id: string): giftV1.Gift {
    return {
      id,
      name: this.name,
      price: this.price,
      iconUrl: this.iconUrl ?? '',
      tier: tierToProto[this.tier],
      comboAble: this.comboAble ?? false,
      enabled: this.enabled ?? true,
      sortOrder: this.sortOrder ?? 0,
    };
  }
}

export class LimitQuery {
  @ApiProperty({ required: false, default: 10, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export const PERIODS = ['day', 'week', 'all'] as const;

export class RankingQuery extends LimitQuery {
  @ApiProperty({ enum: PERIODS, required: false, default: 'day' })
  @IsOptional()
  @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` })
  period?: (typeof PERIODS)[number];
}

export const periodToProto: Record<(typeof PERIODS)[number], giftV1.RankingPeriod> = {
  day: giftV1.RankingPeriod.RANKING_PERIOD_DAY,
  week: giftV1.RankingPeriod.RANKING_PERIOD_WEEK,
  all: giftV1.RankingPeriod.RANKING_PERIOD_ALL_TIME,
};

export class RankedView {
  @ApiProperty() rank!: number;
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'Minor units', example: '1200' }) totalValue!: string;

  static of(entry: giftV1.LeaderboardEntry): RankedView {
    return { rank: entry.rank, userId: entry.userId, displayName: entry.displayName, totalValue: entry.totalValue };
  }
}

export class LeaderboardView {
  @ApiProperty({ type: [RankedView] }) entries!: RankedView[];
}
