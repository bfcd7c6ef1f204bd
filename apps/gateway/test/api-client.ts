import type { Role } from '@ovation/auth';

export interface ApiAnswer<Body = any> {
  status: number;
  body: Body;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
}

export type Api = <Body = any>(method: string, path: string, options?: CallOptions) => Promise<ApiAnswer<Body>>;

/** A client of the gateway's REST API as a user would call it: JSON in, JSON out, bearer token. */
export function apiClient(baseUrl: string): Api {
  return async (method, path, { token, body } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

/** A development token (the fleet runs with DEV_TOKENS_ENABLED=true). */
export async function devToken(api: Api, userId: string, role: Role): Promise<string> {
  const answer = await api<{ token: string }>('POST', '/v1/dev/tokens', { body: { userId, role } });
  if (answer.status !== 201) throw new Error(`dev token for ${userId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

export async function guestToken(api: Api): Promise<{ token: string; userId: string }> {
  const answer = await api<{ token: string; userId: string }>('POST', '/v1/auth/guest', { body: {} });
  if (answer.status !== 201) throw new Error(`guest token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** One metric sample from a Prometheus text page, e.g. `ovation_gateway_circuit_state{downstream="scheduler"`. */
export async function metricValue(opsUrl: string, series: string): Promise<number | undefined> {
  const page = await (await fetch(`${opsUrl}/metrics`)).text();
  const line = page.split('\n').find((l) => l.startsWith(series));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
