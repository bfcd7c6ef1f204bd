import { GiftAdminController } from './gift-admin.controller';
import { GiftsController } from './gifts.controller';

/** Every controller of the gifts resource, registered together by the gateway module. */
export const giftControllers = [GiftsController, GiftAdminController];
