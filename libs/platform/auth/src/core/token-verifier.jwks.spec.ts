import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { AuthError } from './auth-error';
import { createTokenVerifier } from './token-verifier';

const site = { issuer: 'https://id.example', audience: 'ovation' };

function sign(key: KeyLike, kid: string, claims: Record<string, unknown> = { name: 'Ada', role: 'streamer' }, alg = 'RS256') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setSubject('u-9')
    .setIssuer(site.issuer)
    .setAudience(site.audience)
    .setExpirationTime('5m')
    .sign(key);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
}

describe('RS256 tokens verified against a JWKS over HTTP', () => {
  let signing: { privateKey: KeyLike; publicKey: KeyLike };
  let jwksServer: Server;
  let jwksUrl: string;
  let jwksRequests = 0;

  beforeAll(async () => {
    signing = await generateKeyPair('RS256');
    const keys = [{ ...(await exportJWK(signing.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }];
    jwksServer = createServer((_req, res) => {
      jwksRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    jwksUrl = await listen(jwksServer);
  });

  afterAll(() => new Promise<void>((closed) => jwksServer.close(() => closed())));

  it('verifies a token signed by the published key, fetching the key set once', async () => {
    const verifier = createTokenVerifier({ jwksUrl, ...site });
    const before = jwksRequests;
    const token = await sign(signing.privateKey, 'key-1');

    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'u-9', displayName: 'Ada', role: 'streamer' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'u-9' });
    expect(jwksRequests - before).toBe(1);
  });

  it('rejects a token signed by a key the set does not hold', async () => {
    const verifier = createTokenVerifier({ jwksUrl, ...site });
    const impostor = await generateKeyPair('RS256');
    await expect(verifier.verify(await sign(impostor.privateKey, 'key-1'))).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(verifier.verify(await sign(impostor.privateKey, 'unknown-key'))).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('rejects an HS256 token even when it claims a published key id', async () => {
    const verifier = createTokenVerifier({ jwksUrl, ...site });
    const hmacToken = await new SignJWT({ name: 'Eve', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setSubject('u-6')
      .setIssuer(site.issuer)
      .setAudience(site.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-secret-the-attacker-chose-32-bytes!'));
    await expect(verifier.verify(hmacToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('surfaces an unreachable key set as a server fault, not as a bad token', async () => {
    const gone = createServer();
    const goneUrl = await listen(gone);
    await new Promise<void>((closed) => gone.close(() => closed()));

    const verifier = createTokenVerifier({ jwksUrl: goneUrl, ...site });
    const failure = await verifier.verify(await sign(signing.privateKey, 'key-1')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
    expect(failure).not.toBeInstanceOf(AuthError);
  });
});
