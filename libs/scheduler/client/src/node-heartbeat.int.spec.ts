import { loadPackageDefinition, Server, ServerCredentials, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { grpcLoaderOptions, grpcServiceDefinition, schedulerV1 } from '@ovation/contracts';
import { waitFor } from '@ovation/testing';
import pino from 'pino';
import { NodeHeartbeatOptions, startNodeHeartbeat } from './index';

/** A scheduler stand-in on a real gRPC server: records heartbeats and answers what the test says. */
class FakeScheduler {
  readonly heartbeats: schedulerV1.NodeInfo[] = [];
  answer: schedulerV1.HeartbeatResponse = { intervalMs: 100, drain: false };
  private server?: Server;

  async start(port = 0): Promise<number> {
    const { package: protoPackage, protoPath } = grpcServiceDefinition('scheduler');
    const root = loadPackageDefinition(loadSync(protoPath, grpcLoaderOptions)) as Record<string, any>;
    const service = protoPackage.split('.').reduce((node, part) => node[part], root).SchedulerService as ServiceClientConstructor;
    this.server = new Server();
    this.server.addService(service.service, {
      Heartbeat: (call: { request: schedulerV1.HeartbeatRequest }, callback: (error: null, response: schedulerV1.HeartbeatResponse) => void) => {
        this.heartbeats.push(call.request.node!);
        callback(null, this.answer);
      },
    });
    return new Promise((resolve, reject) =>
      this.server!.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  }

  stop(): void {
    this.server?.forceShutdown();
  }
}

function capturedLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const logger = pino({ level: 'info', formatters: { level: (label) => ({ level: label }) } }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, warnings: () => lines.filter((l) => l.level === 'warn').map((l) => l.msg) };
}

const node = { nodeId: 'push-test', kind: 'push' as const, address: 'ws://127.0.0.1:8090/ws', grpcAddress: '127.0.0.1:50054', capacity: 1_000 };

describe('startNodeHeartbeat over real gRPC', () => {
  const schedulers: FakeScheduler[] = [];
  const heartbeats: Array<{ stop(): Promise<void> }> = [];
  const start = (options: Omit<NodeHeartbeatOptions, 'node'> & { node?: NodeHeartbeatOptions['node'] }) => {
    const handle = startNodeHeartbeat({ node, ...options });
    heartbeats.push(handle);
    return handle;
  };
  const scheduler = () => {
    const fake = new FakeScheduler();
    schedulers.push(fake);
    return fake;
  };

  afterEach(async () => {
    await Promise.all(heartbeats.splice(0).map((h) => h.stop()));
    schedulers.splice(0).forEach((s) => s.stop());
  });

  it("registers at once, then heartbeats at the scheduler's interval with fresh, normalized load samples", async () => {
    const fake = scheduler();
    const port = await fake.start();
    let load = 3.6;
    start({ schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: load++, cpu: 1.7 }), logger: capturedLogger().logger });

    await waitFor(() => (fake.heartbeats.length >= 3 ? true : undefined), 5_000, 'three heartbeats');
    expect(fake.heartbeats[0]).toMatchObject({ ...node, kind: schedulerV1.NodeKind.NODE_KIND_PUSH, load: 4, cpu: 1, draining: false });
    expect(fake.heartbeats[1].load).toBe(5);
  });

  it('keeps trying while the scheduler is down, warns, and registers once it is back on its address', async () => {
    const probe = scheduler();
    const port = await probe.start();
    probe.stop();
    const { logger, warnings } = capturedLogger();
    start({ schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: 1, cpu: 0.1 }), intervalMs: 100, deadlineMs: 200, logger });

    await waitFor(() => (warnings().length ? true : undefined), 5_000, 'a warning about the unreachable scheduler');
    expect(warnings()[0]).toBe('heartbeat to the scheduler failed; will retry');

    const restarted = scheduler();
    await restarted.start(port);
    await waitFor(() => (restarted.heartbeats.length ? true : undefined), 10_000, 'a heartbeat to the restarted scheduler');
  });

  it('reports draining at once, and again in every later heartbeat', async () => {
    const fake = scheduler();
    fake.answer = { intervalMs: 60_000, drain: false };
    const port = await fake.start();
    const handle = start({ schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: 1, cpu: 0.1 }), logger: capturedLogger().logger });
    await waitFor(() => (fake.heartbeats.length ? true : undefined), 5_000, 'the first heartbeat');

    await handle.setDraining(true);
    expect(fake.heartbeats.at(-1)!.draining).toBe(true);
    await handle.setDraining(false);
    expect(fake.heartbeats.at(-1)!.draining).toBe(false);
  });

  it('resolves setDraining even when the scheduler cannot be reached, saying so at warn', async () => {
    const probe = scheduler();
    const port = await probe.start();
    probe.stop();
    const { logger, warnings } = capturedLogger();
    const handle = start({ schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: 1, cpu: 0.1 }), deadlineMs: 200, logger });

    await expect(handle.setDraining(true)).resolves.toBeUndefined();
    expect(warnings()).toContain('heartbeat to the scheduler failed; will retry');
  });

  it("tells the node when an operator asks it to drain, and when to resume", async () => {
    const fake = scheduler();
    const port = await fake.start();
    const requests: boolean[] = [];
    start({ schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: 1, cpu: 0.1 }), onDrainRequest: (drain) => requests.push(drain), logger: capturedLogger().logger });

    await waitFor(() => (fake.heartbeats.length ? true : undefined), 5_000, 'the first heartbeat');
    expect(requests).toEqual([]);
    fake.answer = { intervalMs: 100, drain: true };
    await waitFor(() => (requests.length === 1 ? true : undefined), 5_000, 'the drain request');
    fake.answer = { intervalMs: 100, drain: false };
    await waitFor(() => (requests.length === 2 ? true : undefined), 5_000, 'the resume request');
    expect(requests).toEqual([true, false]);
  });

  it('reports the previous sample when the load sampler throws', async () => {
    const fake = scheduler();
    const port = await fake.start();
    let calls = 0;
    const { logger, warnings } = capturedLogger();
    start({
      schedulerAddress: `127.0.0.1:${port}`,
      load: () => {
        if (++calls > 1) throw new Error('sampler broke');
        return { load: 42, cpu: 0.5 };
      },
      logger,
    });

    await waitFor(() => (fake.heartbeats.length >= 2 ? true : undefined), 5_000, 'two heartbeats');
    expect(fake.heartbeats[1]).toMatchObject({ load: 42, cpu: 0.5 });
    expect(warnings()).toContain('load sampler failed; reporting the previous sample');
  });

  it('sends a last heartbeat marked draining on stop, and none after', async () => {
    const fake = scheduler();
    const port = await fake.start();
    const handle = startNodeHeartbeat({ node, schedulerAddress: `127.0.0.1:${port}`, load: () => ({ load: 1, cpu: 0.1 }), logger: capturedLogger().logger });
    await waitFor(() => (fake.heartbeats.length ? true : undefined), 5_000, 'the first heartbeat');

    await handle.stop();
    const count = fake.heartbeats.length;
    expect(fake.heartbeats.at(-1)!.draining).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.heartbeats.length).toBe(count);
  });
});
