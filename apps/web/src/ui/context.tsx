import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { GatewayApi } from '../api/gateway';
import type { Identity, Session } from '../session/session';

export interface AppServices {
  api: GatewayApi;
  session: Session;
  identity: Identity | undefined;
  /** Re-reads the identity after signing in or out. */
  refreshIdentity(): void;
  navigate(path: string): void;
  /** Opens the sign-in dialog (e.g. a guest pressed "send"). */
  askSignIn(reason?: string): void;
}

export const Services = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(Services);
  if (!services) throw new Error('useServices outside <App>');
  return services;
}
