import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { infraEnv, workspaceRoot } from '@ovation/testing';

// A bad or missing variable must stop a service before it starts anything, naming the variable.
function startBuilt(app: string, env: Record<string, string>) {
  const root = workspaceRoot();
  return spawnSync(process.execPath, ['--require', join(root, 'dist/libs/platform/observability/src/preload.js'), join(root, 'dist/apps', app, 'src/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('configuration validation at start-up', () => {
  it('names a malformed port and exits 1', () => {
    const result = startBuilt('room', { OPS_PORT: 'ninety', GRPC_PORT: '70000' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration for room');
    expect(result.stderr).toMatch(/OPS_PORT: .*"ninety"/);
    expect(result.stderr).toMatch(/GRPC_PORT: .*"70000"/);
  });

  it('names the missing JWT setting of the gateway', () => {
    const result = startBuilt('gateway', {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('JWT_HS256_SECRET: set exactly one of JWT_HS256_SECRET and JWT_JWKS_URL');
  });

  it('rejects development tokens without an HS256 secret', () => {
    const result = startBuilt('gateway', { JWT_JWKS_URL: 'https://id.example.com/jwks.json', DEV_TOKENS_ENABLED: 'true' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DEV_TOKENS_ENABLED: development tokens need JWT_HS256_SECRET');
  });
});

describe('a start that fails after its configuration was accepted', () => {
  let holder: Server;
  let takenPort: number;
  let freePort: number;

  beforeAll(async () => {
    holder = await listening();
    takenPort = (holder.address() as { port: number }).port;
    const probe = await listening();
    freePort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
  });

  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('exits 1 saying why, instead of lingering without an ops port', () => {
    const result = startBuilt('scheduler', { ...infraEnv(), GRPC_HOST: '127.0.0.1', GRPC_PORT: String(takenPort), OPS_PORT: String(freePort) });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    const fatal = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((entry) => entry.level === 'fatal');
    expect(fatal).toMatchObject({ msg: 'scheduler failed to start' });
    expect(JSON.stringify(fatal.err)).toMatch(/EADDRINUSE|address already in use|No address added/i);
  });
});

function listening(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
