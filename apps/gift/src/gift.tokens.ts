/** The validated configuration, for providers and controllers that need a setting. */
export const GIFT_CONFIG = Symbol('GIFT_CONFIG');
