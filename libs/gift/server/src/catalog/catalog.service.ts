import { GiftDefinition, GiftInput, GiftNotFoundError, validateGift } from '@ovation/gift-domain';
import { CatalogRepository } from './catalog.repository';

/**
 * The catalog, with a short in-process cache for the send path (every send reads its gift). An
 * admin's change reaches every replica within `cacheMs`; the price charged is the one read.
 */
export class CatalogService {
  private cache?: { at: number; gifts: Map<string, GiftDefinition> };

  constructor(
    private readonly repository: CatalogRepository,
    private readonly cacheMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  list(includeDisabled: boolean): Promise<GiftDefinition[]> {
    return this.repository.list(includeDisabled);
  }

  async forSending(giftId: string): Promise<GiftDefinition | undefined> {
    if (!this.cache || this.now() - this.cache.at > this.cacheMs) {
      const gifts = await this.repository.list(true);
      this.cache = { at: this.now(), gifts: new Map(gifts.map((gift) => [gift.id, gift])) };
    }
    return this.cache.gifts.get(giftId);
  }

  async upsert(input: GiftInput): Promise<GiftDefinition> {
    const gift = validateGift(input);
    await this.repository.upsert(gift);
    this.cache = undefined;
    return gift;
  }

  async setEnabled(giftId: string, enabled: boolean): Promise<GiftDefinition> {
    if (!(await this.repository.setEnabled(giftId, enabled))) throw new GiftNotFoundError(giftId);
    this.cache = undefined;
    return (await this.repository.find(giftId))!;
  }
}
