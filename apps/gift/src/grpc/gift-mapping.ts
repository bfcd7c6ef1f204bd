import { giftV1 } from '@ovation/contracts';
import type { GiftDefinition, LedgerKind, ReconciliationReport } from '@ovation/gift-domain';
import { LedgerEntry, Ranked, tierToProto } from '@ovation/gift-server';

export function toProtoGift(gift: GiftDefinition): giftV1.Gift {
  return {
    id: gift.id,
    name: gift.name,
    price: String(gift.price),
    iconUrl: gift.iconUrl,
    tier: tierToProto(gift.tier),
    enabled: gift.enabled,
    sortOrder: gift.sortOrder,
    comboAble: gift.comboAble,
  };
}

const kinds: Record<LedgerKind, giftV1.LedgerEntryKind> = {
  recharge: giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_RECHARGE,
  gift_sent: giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_GIFT_SENT,
  gift_received: giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_GIFT_RECEIVED,
};

export function toProtoLedgerEntry(entry: LedgerEntry): giftV1.LedgerEntry {
  return {
    id: entry.id,
    userId: entry.userId,
    kind: kinds[entry.kind] ?? giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTMENT,
    amount: String(entry.amount),
    balanceAfter: String(entry.balanceAfter),
    orderId: entry.orderId,
    createdAt: String(entry.createdAt),
  };
}

export function toProtoRanked(entry: Ranked): giftV1.LeaderboardEntry {
  return { rank: entry.rank, userId: entry.userId, displayName: entry.displayName, totalValue: String(entry.totalValue) };
}

export function toProtoReport(report: ReconciliationReport): giftV1.ReconcileResponse {
  return {
    walletsChecked: report.walletsChecked,
    mismatches: report.mismatches.map((m) => ({ userId: m.userId, balance: String(m.balance), ledgerSum: String(m.ledgerSum) })),
    ordersChecked: report.ordersChecked,
    orderDiscrepancies: report.orderDiscrepancies,
    ledgerTotal: String(report.ledgerTotal),
  };
}
