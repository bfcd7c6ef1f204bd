/** The few gateway calls the browser tests make themselves (setting the stage, not what is under test). */
export function gatewayClient(baseUrl: string) {
  const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    call,
    token: async (userId: string, role: string, displayName = userId) =>
      (await call<{ token: string }>('POST', '/v1/dev/tokens', undefined, { userId, displayName, role })).token,
  };
}
