import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const workspaceRoot = resolve(__dirname, '../../../..');
const builtSource = join(workspaceRoot, 'dist/libs/platform/observability/src');

// The child serves one request to itself, so its answer is the traceparent the http
// instrumentation put on the outgoing call; it then flushes through shutdownTelemetry.
const CHILD = `
const http = require('node:http');
const server = http.createServer((req, res) => res.end(req.headers.traceparent ?? 'none'));
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/rooms/1' }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', async () => {
      server.close();
      await require(${JSON.stringify(join(builtSource, 'tracing/telemetry.js'))}).shutdownTelemetry();
      process.stdout.write(body);
    });
  });
});`;

function withoutOtelVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
}

async function runWithPreload(env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run(process.execPath, ['--require', join(builtSource, 'preload.js'), '-e', CHILD], {
    env: { ...withoutOtelVariables(), ...env },
    timeout: 15_000,
  });
  return stdout;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('preload (built output, node --require)', () => {
  let collector: Server;
  const received: string[] = [];

  beforeAll(async () => {
    await run(process.execPath, [join(workspaceRoot, 'tools/build/build.mjs'), 'libs/platform/observability'], { cwd: workspaceRoot });
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ready) => collector.listen(0, '127.0.0.1', ready));
  }, 30_000);

  afterAll(() => new Promise<void>((closed) => collector.close(() => closed())));

  it('instruments http before the app loads and exports spans to the OTLP endpoint', async () => {
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const traceparent = await runWithPreload({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'preload-test' });

    const [, traceId] = TRACEPARENT.exec(traceparent) ?? [];
    expect(traceId).toBeDefined();
    // shutdownTelemetry flushed the batch before the child exited.
    const posted = received.filter((line) => line.startsWith('POST /v1/traces '));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('"preload-test"');
    expect(posted[0]).toContain(traceId);
  }, 20_000);

  it('still propagates trace context when no exporter is configured', async () => {
    expect(await runWithPreload({ SERVICE_NAME: 'quiet' })).toMatch(TRACEPARENT);
  }, 20_000);

  it('exports nothing when OTEL_TRACES_EXPORTER=none, even with an endpoint set', async () => {
    received.length = 0;
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const traceparent = await runWithPreload({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' });
    expect(traceparent).toMatch(TRACEPARENT);
    expect(received).toEqual([]);
  }, 20_000);
});
