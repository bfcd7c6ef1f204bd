import { z } from 'zod';

/** Field builders for environment variables: every value arrives as a string. */
export const field = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback),
  string: (fallback: string) => z.string().default(fallback),
  requiredString: () => z.string().min(1),
  url: (fallback: string) => z.url().default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  list: (fallback: string[]) =>
    z
      .string()
      .default(fallback.join(','))
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  enumOf: <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) => z.enum(values).default(fallback),
} as const;
