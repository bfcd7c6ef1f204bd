import { ValidationError } from '@ovation/errors';

/** Money is a count of minor units (coins); it never passes through a float. */
export type MinorUnits = bigint;

/** Far below BIGINT's limit, so sums of many amounts still fit a signed 64-bit column. */
export const AMOUNT_MAX: MinorUnits = 1_000_000_000_000n;

/** Parses a decimal string (proto int64) into a positive amount; throws ValidationError naming the field. */
export function parsePositiveAmount(field: string, value: string | number | bigint | undefined): MinorUnits {
  const text = String(value ?? '').trim();
  if (!/^\d{1,19}$/.test(text)) throw new ValidationError(field, `${field} must be a whole number of minor units`);
  const amount = BigInt(text);
  if (amount <= 0n) throw new ValidationError(field, `${field} must be greater than 0`);
  if (amount > AMOUNT_MAX) throw new ValidationError(field, `${field} must be at most ${AMOUNT_MAX}`);
  return amount;
}
