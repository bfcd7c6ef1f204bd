/** The last gift one sender sent in one room, as the combo counter remembers it. */
export interface ComboState {
  giftId: string;
  count: number;
  atMs: number;
}

export interface ComboInput {
  giftId: string;
  comboAble: boolean;
  atMs: number;
}

/**
 * Consecutive sends of the same combo-able gift by one sender within `windowMs` of the previous
 * one grow one combo (shown ×N); anything else starts over at 1.
 */
export function nextCombo(previous: ComboState | undefined, send: ComboInput, windowMs: number): ComboState {
  const continues =
    send.comboAble && previous !== undefined && previous.giftId === send.giftId && send.atMs - previous.atMs <= windowMs && send.atMs >= previous.atMs;
  return { giftId: send.giftId, count: continues ? previous.count + 1 : 1, atMs: send.atMs };
}
