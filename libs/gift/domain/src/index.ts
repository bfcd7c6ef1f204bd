export { GIFT_TIERS, GiftDefinition, GiftInput, GiftTier, validateGift } from './catalog';
export { ComboInput, ComboState, nextCombo } from './combo';
export { CountOutOfRangeError, GiftNotFoundError, IdempotencyKeyReusedError, InsufficientBalanceError, RoomNotLiveError } from './errors';
export { giftPostings, LedgerKind, PAYMENTS_ACCOUNT, Posting, rechargePostings } from './ledger';
export { AMOUNT_MAX, MinorUnits, parsePositiveAmount } from './money';
export { OUTBOX_LANES, outboxLane } from './outbox-lane';
export { RankingBuckets, rankingBuckets } from './ranking-periods';
export {
  describeReport,
  isClean,
  OrderDiscrepancy,
  orderDiscrepancies,
  OrderFacts,
  OrderProblem,
  ReconciliationReport,
  WalletFacts,
  walletMismatches,
} from './reconciliation';
export {
  GIFT_COUNT_MAX,
  GIFT_COUNT_MIN,
  orderTotal,
  sameSend,
  SendGiftCommand,
  sendableGift,
  validateIdempotencyKey,
  validateSendGift,
} from './send-gift';
