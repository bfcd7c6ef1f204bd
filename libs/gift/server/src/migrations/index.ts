import { CreateGiftLedger1733000000000 } from './1733000000000-create-gift-ledger';
import { SeedGiftCatalog1733000000001 } from './1733000000001-seed-gift-catalog';

/** Every migration of the gift database, oldest first. */
export const giftMigrations = [CreateGiftLedger1733000000000, SeedGiftCatalog1733000000001];
