/** BIGINT epoch milliseconds arrive from mysql2 as strings (bigNumberStrings); they fit a JS number. */
export const epochMillis = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
