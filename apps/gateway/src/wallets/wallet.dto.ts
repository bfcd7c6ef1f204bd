import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { giftV1 } from '@ovation/contracts';

export class WalletView {
  @ApiProperty() userId!: string;
  @ApiProperty({ description: 'Minor units', example: '1000' }) balance!: string;
  @ApiProperty({ nullable: true, type: String, description: 'ISO time of the last change' }) updatedAt!: string | null;

  static of(wallet: giftV1.Wallet): WalletView {
    return { userId: wallet.userId, balance: wallet.balance, updatedAt: Number(wallet.updatedAt) > 0 ? new Date(Number(wallet.updatedAt)).toISOString() : null };
  }
}

const kindNames: Record<string, string> = {
  [giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_RECHARGE]: 'recharge',
  [giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_GIFT_SENT]: 'gift_sent',
  [giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_GIFT_RECEIVED]: 'gift_received',
  [giftV1.LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTMENT]: 'adjustment',
};

export class LedgerEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['recharge', 'gift_sent', 'gift_received', 'adjustment'] }) kind!: string;
  @ApiProperty({ description: 'Signed minor units: negative for a debit', example: '-10' }) amount!: string;
  @ApiProperty({ example: '990' }) balanceAfter!: string;
  @ApiProperty({ description: 'The gift order behind a gift entry; empty otherwise' }) orderId!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;

  static of(entry: giftV1.LedgerEntry): LedgerEntryView {
    return {
      id: entry.id,
      kind: kindNames[entry.kind] ?? 'adjustment',
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      orderId: entry.orderId,
      createdAt: new Date(Number(entry.createdAt)).toISOString(),
    };
  }
}

export class LedgerPageView {
  @ApiProperty({ type: [LedgerEntryView] }) entries!: LedgerEntryView[];
  @ApiProperty({ description: 'Pass as `cursor` for the next page; empty when there is none' }) nextCursor!: string;
}

export class LedgerQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  cursor?: string;

  @ApiProperty({ required: false, default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class RechargeBody {
  @ApiProperty({ example: '1000', description: 'Minor units, a decimal string' })
  @Matches(/^[1-9]\d{0,12}$/, { message: 'amount must be a whole number of minor units, as a string' })
  amount!: string;

  @ApiProperty({ example: 'payment-8d1e4c', description: 'The payment’s id: the same key is applied once' })
  @IsString()
  @MaxLength(128)
  idempotencyKey!: string;
}

export class RechargeView {
  @ApiProperty({ example: '1000' }) balance!: string;
  @ApiProperty() duplicate!: boolean;
  @ApiProperty() ledgerEntryId!: string;
}

export class ReconcileQuery {
  @ApiProperty({ required: false, default: 60000, description: 'Orders younger than this are not yet expected to be published and shown' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  graceMs?: number;
}

class WalletMismatchView {
  @ApiProperty() userId!: string;
  @ApiProperty() balance!: string;
  @ApiProperty() ledgerSum!: string;
}

class OrderDiscrepancyView {
  @ApiProperty() orderId!: string;
  @ApiProperty({ example: 'effect_missing' }) problem!: string;
}

export class ReconciliationView {
  @ApiProperty() clean!: boolean;
  @ApiProperty() walletsChecked!: number;
  @ApiProperty({ type: [WalletMismatchView] }) mismatches!: WalletMismatchView[];
  @ApiProperty() ordersChecked!: number;
  @ApiProperty({ type: [OrderDiscrepancyView] }) orderDiscrepancies!: OrderDiscrepancyView[];
  @ApiProperty({ description: 'Every ledger entry summed: "0" when the books balance' }) ledgerTotal!: string;

  static of(report: giftV1.ReconcileResponse): ReconciliationView {
    return {
      clean: report.mismatches.length === 0 && report.orderDiscrepancies.length === 0 && report.ledgerTotal === '0',
      walletsChecked: report.walletsChecked,
      mismatches: report.mismatches,
      ordersChecked: report.ordersChecked,
      orderDiscrepancies: report.orderDiscrepancies,
      ledgerTotal: report.ledgerTotal,
    };
  }
}
