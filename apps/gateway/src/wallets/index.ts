import { ReconciliationController } from './reconciliation.controller';
import { WalletsController } from './wallets.controller';

/** Every controller of the wallets resource, registered together by the gateway module. */
export const walletControllers = [WalletsController, ReconciliationController];
