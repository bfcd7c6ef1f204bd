import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { giftV1 } from '@ovation/contracts';
import { ForbiddenError, ValidationError } from '@ovation/errors';
import {
  CatalogService,
  isAdmin,
  LeaderboardQueries,
  RankingPeriod,
  ReconciliationService,
  requireActor,
  requireAdmin,
  requireSelfOrAdmin,
  SendGiftService,
  tierFromProto,
  WalletsService,
} from '@ovation/gift-server';
import { GrpcErrorFilter } from '@ovation/grpc';
import { GIFT_CONFIG } from '../gift.tokens';
import type { GiftConfig } from '../config';
import { toProtoGift, toProtoLedgerEntry, toProtoRanked, toProtoReport } from './gift-mapping';

const periods: Partial<Record<giftV1.RankingPeriod, RankingPeriod>> = {
  [giftV1.RankingPeriod.RANKING_PERIOD_DAY]: 'day',
  [giftV1.RankingPeriod.RANKING_PERIOD_WEEK]: 'week',
  [giftV1.RankingPeriod.RANKING_PERIOD_ALL_TIME]: 'all',
};

@Controller()
@UseFilters(GrpcErrorFilter)
export class GiftGrpcController implements giftV1.GiftServiceController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly wallets: WalletsService,
    private readonly sends: SendGiftService,
    private readonly leaderboards: LeaderboardQueries,
    private readonly reconciliation: ReconciliationService,
    @Inject(GIFT_CONFIG) private readonly config: GiftConfig,
  ) {}

  @GrpcMethod('GiftService', 'ListCatalog')
  async listCatalog(request: giftV1.ListCatalogRequest): Promise<giftV1.ListCatalogResponse> {
    return { gifts: (await this.catalog.list(request.includeDisabled)).map(toProtoGift) };
  }

  @GrpcMethod('GiftService', 'UpsertGift')
  async upsertGift(request: giftV1.UpsertGiftRequest): Promise<giftV1.UpsertGiftResponse> {
    requireAdmin(request.actor);
    if (!request.gift) throw new ValidationError('gift', 'gift is required');
    const gift = await this.catalog.upsert({ ...request.gift, tier: tierFromProto(request.gift.tier) });
    return { gift: toProtoGift(gift) };
  }

  @GrpcMethod('GiftService', 'SetGiftEnabled')
  async setGiftEnabled(request: giftV1.SetGiftEnabledRequest): Promise<giftV1.SetGiftEnabledResponse> {
    requireAdmin(request.actor);
    return { gift: toProtoGift(await this.catalog.setEnabled(request.giftId, request.enabled)) };
  }

  @GrpcMethod('GiftService', 'Recharge')
  async recharge(request: giftV1.RechargeRequest): Promise<giftV1.RechargeResponse> {
    const actor = requireActor(request.actor);
    const own = actor.userId === request.userId;
    if (!(isAdmin(actor) || (own && this.config.DEV_RECHARGE_ENABLED))) {
      throw new ForbiddenError('top-ups come from the payment provider (or a platform admin)', 'recharge_not_allowed');
    }
    const result = await this.wallets.recharge(request.userId, request.amount, request.idempotencyKey);
    return { balance: String(result.balance), duplicate: result.duplicate, ledgerEntryId: result.ledgerEntryId };
  }

  @GrpcMethod('GiftService', 'GetWallet')
  async getWallet(request: giftV1.GetWalletRequest): Promise<giftV1.GetWalletResponse> {
    requireSelfOrAdmin(request.actor, request.userId);
    const wallet = await this.wallets.wallet(request.userId);
    return { wallet: { userId: wallet.userId, balance: String(wallet.balance), updatedAt: String(wallet.updatedAt) } };
  }

  @GrpcMethod('GiftService', 'ListLedger')
  async listLedger(request: giftV1.ListLedgerRequest): Promise<giftV1.ListLedgerResponse> {
    requireSelfOrAdmin(request.actor, request.userId);
    const page = await this.wallets.ledger(request.userId, request.page?.cursor ?? '', request.page?.limit ?? 0);
    return { entries: page.entries.map(toProtoLedgerEntry), page: { nextCursor: page.nextCursor } };
  }

  @GrpcMethod('GiftService', 'SendGift')
  async sendGift(request: giftV1.SendGiftRequest): Promise<giftV1.SendGiftResponse> {
    const sender = requireActor(request.sender, 'sender');
    const result = await this.sends.send({
      senderId: sender.userId,
      senderName: request.senderName,
      roomId: request.roomId,
      giftId: request.giftId,
      count: request.count,
      idempotencyKey: request.idempotencyKey,
    });
    return { orderId: result.orderId, balance: String(result.balance), duplicate: result.duplicate };
  }

  @GrpcMethod('GiftService', 'RoomLeaderboard')
  async roomLeaderboard(request: giftV1.RoomLeaderboardRequest): Promise<giftV1.RoomLeaderboardResponse> {
    return { entries: (await this.leaderboards.room(request.roomId, request.limit)).map(toProtoRanked) };
  }

  @GrpcMethod('GiftService', 'StreamerRanking')
  async streamerRanking(request: giftV1.StreamerRankingRequest): Promise<giftV1.StreamerRankingResponse> {
    const period = periods[request.period];
    if (!period) throw new ValidationError('period', 'period must be day, week or all time');
    return { entries: (await this.leaderboards.streamers(period, request.limit)).map(toProtoRanked) };
  }

  @GrpcMethod('GiftService', 'Reconcile')
  async reconcile(request: giftV1.ReconcileRequest): Promise<giftV1.ReconcileResponse> {
    requireAdmin(request.actor);
    const graceMs = request.graceMs === undefined ? undefined : Number(request.graceMs);
    return toProtoReport(await this.reconciliation.reconcile({ userIds: request.userIds, graceMs }));
  }
}
