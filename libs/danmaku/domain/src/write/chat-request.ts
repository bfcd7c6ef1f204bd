export const CLIENT_MSG_ID_MAX = 64;

/** A client message id: 1–64 characters, no whitespace or controls (it becomes part of keys and ids). */
export function isClientMsgId(value: string): boolean {
  return value.length > 0 && value.length <= CLIENT_MSG_ID_MAX && !/[\p{Cc}\s]/u.test(value);
}
