import { Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { GIFT_CLIENT, type GiftClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { actorOf } from '../rooms/actor';
import { ReconcileQuery, ReconciliationView } from './wallet.dto';

/** Platform admins check the books: balances against the ledger, orders against events and effects. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/reconciliation')
@Roles('admin')
export class ReconciliationController {
  constructor(@Inject(GIFT_CLIENT) private readonly gifts: GiftClient) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a reconciliation and list every discrepancy' })
  @ApiResponse({ status: 200, type: ReconciliationView })
  @ApiErrors({ 400: true, 401: true, 403: 'Not a platform admin' })
  async run(@CurrentPrincipal() principal: Principal, @Query() query: ReconcileQuery): Promise<ReconciliationView> {
    const report = await this.gifts.reconcile({ actor: actorOf(principal), userIds: [], graceMs: query.graceMs === undefined ? undefined : String(query.graceMs) }, { deadlineMs: 30_000 });
    return ReconciliationView.of(report);
  }
}
