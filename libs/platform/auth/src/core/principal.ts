/** From least to most capable: each role can do everything the ones before it can. */
export const ROLES = ['guest', 'viewer', 'streamer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling, as read from a verified token. */
export interface Principal {
  userId: string;
  displayName: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
