import { CreateGiftLedger1733000000000 } from './1733000000000-create-gift-ledger';
import { SeedGiftCatalog1733000000001 } from './1733000000001-seed-gift-catalog';
import { CaseSensitiveIdempotencyKeys1733000000002 } from './1733000000002-case-sensitive-idempotency-keys';
import { ByteExactIds1734100000001 } from './1734100000001-byte-exact-ids';

/** Every migration of the gift database, oldest first. */
export const giftMigrations = [CreateGiftLedger1733000000000, SeedGiftCatalog1733000000001, CaseSensitiveIdempotencyKeys1733000000002, ByteExactIds1734100000001];
