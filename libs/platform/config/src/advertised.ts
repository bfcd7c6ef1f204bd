import { z } from 'zod';
import { field } from './fields';

/**
 * In a pod, the downward API sets POD_IP (the Helm charts do): the address other pods reach this
 * one at, and the sign that loopback is nobody else's address.
 */
export const podFields = () => ({
  POD_IP: field.string(''),
});

const LOOPBACK = /^(localhost|.+\.localhost|127(?:\.\d{1,3}){3}|::1|0*:(?:0*:)*0*1)$/i;

/** The host of `host`, `host:port`, `[v6]:port` or a URL. */
export function hostOf(address: string): string {
  const trimmed = address.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return '';
    }
  }
  const bracketed = /^\[([^\]]+)\]/.exec(trimmed);
  if (bracketed) return bracketed[1];
  return (trimmed.match(/:/g) ?? []).length === 1 ? trimmed.split(':')[0] : trimmed;
}

export const isLoopbackHost = (host: string): boolean => LOOPBACK.test(host);

/**
 * A superRefine check: the addresses a node registers for others (scheduler registration, origin
 * URLs) must not be loopback when it runs in a pod, where every other pod would reach itself.
 * `addresses` gives each variable's effective value (its derived default when unset).
 */
export function refuseLoopbackInPod<T extends { POD_IP: string }>(addresses: (config: T) => Record<string, string>) {
  return (config: T, ctx: z.RefinementCtx<T>): void => {
    if (!config.POD_IP) return;
    for (const [variable, address] of Object.entries(addresses(config))) {
      if (!isLoopbackHost(hostOf(address))) continue;
      ctx.addIssue({
        code: 'custom',
        path: [variable],
        message: `advertises ${address}, a loopback address other pods cannot reach (this runs in a pod: POD_IP is ${config.POD_IP}); set it, e.g. from $(POD_IP)`,
      });
    }
  };
}
