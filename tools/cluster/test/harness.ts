import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const workspace = join(__dirname, '../../..');

/** Requests over a child's IPC channel (`{call, method, params}` → `{call, result|error}`), and its events (`{event, …}`). */
class Channel {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: any) => void>();
  private exitError?: Error;
  readonly stderr: string[] = [];

  constructor(readonly child: ChildProcess, name: string) {
    child.on('message', (message: any) => {
      if (message.call !== undefined) {
        const waiting = this.pending.get(message.call);
        this.pending.delete(message.call);
        if (message.error) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.result);
      } else for (const listener of this.listeners) listener(message);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.stderr.push(line);
        if (process.env.CLUSTER_LOGS) process.stdout.write(`${name} ${line}\n`);
      }
    });
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`${name} exited (code ${code}, signal ${signal}): ${this.stderr.slice(-20).join('\n')}`);
      for (const { reject } of this.pending.values()) reject(this.exitError);
      this.pending.clear();
    });
  }

  call<T = any>(method: string, params?: object): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    const call = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(call, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ call, method, params });
    });
  }

  on(listener: (event: any) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first event the predicate accepts (or the child's exit). */
  once<T>(predicate: (event: any) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${what} within ${timeoutMs} ms: ${this.stderr.slice(-20).join('\n')}`));
      }, timeoutMs);
      const off = this.on((event) => {
        const found = predicate(event);
        if (found === undefined) return;
        clearTimeout(timer);
        off();
        resolve(found);
      });
      this.child.once('exit', () => {
        clearTimeout(timer);
        off();
        reject(this.exitError);
      });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

export interface PodInfo {
  name: string;
  deployment: string;
  ip: string;
  phase: 'Pending' | 'Running' | 'Terminating' | 'Dead';
  ready: boolean;
  restarts: number;
  labels: Record<string, string>;
}

export interface ClusterDescription {
  namespace: string;
  runDir: string;
  ingressIp: string;
  clientNamespace: string;
  clientIp: string;
  clientHosts: Record<string, string>;
  kafkaBrokers: string;
  databases: Record<string, string>;
  pods: PodInfo[];
}

/** The cluster in a box (tools/cluster/up.cjs), driven over IPC. */
export class Cluster {
  private constructor(
    private readonly channel: Channel,
    readonly description: ClusterDescription,
    readonly startedInMs: number,
  ) {}

  static async start(valuesFiles: string[] = []): Promise<Cluster> {
    const started = Date.now();
    const child = spawn(process.execPath, [join(workspace, 'tools/cluster/up.cjs'), ...valuesFiles.flatMap((f) => ['--values', f])], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const channel = new Channel(child, '[cluster]');
    const description = await channel.once((event) => (event.event === 'ready' ? (event.description as ClusterDescription) : undefined), 240_000, 'cluster');
    return new Cluster(channel, description, Date.now() - started);
  }

  pods(): Promise<PodInfo[]> {
    return this.channel.call('pods');
  }

  async podsOf(deployment: string): Promise<PodInfo[]> {
    return (await this.pods()).filter((p) => p.deployment === `ovation-${deployment}`);
  }

  waitReady(timeoutMs = 120_000): Promise<void> {
    return this.channel.call('waitReady', { timeoutMs });
  }

  killPod(name: string): Promise<void> {
    return this.channel.call('killPod', { name });
  }

  logs(name: string): Promise<string[]> {
    return this.channel.call('logs', { name });
  }

  /** An outage of MariaDB, Redis or Kafka as the pods see it (connections refused and cut), or its end. */
  setInfrastructure(name: 'mysql' | 'redis' | 'kafka', up: boolean): Promise<void> {
    return this.channel.call('setInfrastructure', { name, up });
  }

  /** Deployments with a pod that left rotation (readiness failed, not deleted or killed) at or after `since`. */
  async leftRotationSince(since: number): Promise<Set<string>> {
    const changes = await this.channel.call<Array<{ deployment: string; ready: boolean; phase: string }>>('readinessChanges', { since });
    return new Set(changes.filter((c) => !c.ready && c.phase === 'Running').map((c) => c.deployment));
  }

  routed(): Promise<Array<{ ingress: string; path: string; key?: string; pod: string }>> {
    return this.channel.call('routed');
  }

  /** A machine outside every pod, on the cluster's network (its own namespace). */
  async client(): Promise<ClientMachine> {
    const child = spawn('ip', ['netns', 'exec', this.description.clientNamespace, process.execPath, join(workspace, 'tools/cluster/client-agent.cjs')], {
      cwd: workspace,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const channel = new Channel(child, '[client]');
    await channel.once((event) => (event.event === 'ready' ? true : undefined), 30_000, 'client agent');
    return new ClientMachine(channel);
  }

  async stop(): Promise<void> {
    await this.channel.call('stop').catch(() => undefined);
    await this.channel.close();
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text?: string;
  base64?: string;
}

/** What the client namespace does on a test's behalf. */
export class ClientMachine {
  // Kept from the start: a socket's first frames or a process's exit can arrive before the call that made it returns.
  private readonly socketEvents = new Map<number, any[]>();
  private readonly exits = new Map<number, { code: number | null; stderr: string }>();

  constructor(private readonly channel: Channel) {
    channel.on((event) => {
      if (event.event === 'ws') this.socketEventsOf(event.id).push(event);
      else if (event.event === 'exit') this.exits.set(event.id, { code: event.code, stderr: event.stderr });
    });
  }

  private socketEventsOf(id: number): any[] {
    if (!this.socketEvents.has(id)) this.socketEvents.set(id, []);
    return this.socketEvents.get(id)!;
  }

  fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; as?: 'text' | 'bytes' | 'prefix'; maxBytes?: number; timeoutMs?: number } = {}): Promise<HttpAnswer> {
    return this.channel.call('fetch', { url, ...init });
  }

  async json<T = any>(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: T }> {
    const headers = { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
    const answer = await this.fetch(url, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : undefined };
  }

  async socket(url: string, protocols?: string[]): Promise<ClientSocket> {
    const { id } = await this.channel.call<{ id: number }>('wsOpen', { url, protocols });
    return new ClientSocket(this.channel, id, this.socketEventsOf(id));
  }

  async spawn(command: string, args: string[]): Promise<{ id: number; pid: number; exited: () => { code: number | null; stderr: string } | undefined }> {
    const { id, pid } = await this.channel.call<{ id: number; pid: number }>('spawn', { command, args });
    return { id, pid, exited: () => this.exits.get(id) };
  }

  kill(id: number, signal = 'SIGTERM'): Promise<void> {
    return this.channel.call('kill', { id, signal });
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

export class ClientSocket {
  constructor(
    private readonly channel: Channel,
    readonly id: number,
    private readonly received: any[],
  ) {}

  /** Every frame received so far (JSON decoded; binary frames as Buffers). */
  get messages(): any[] {
    return this.received.filter((e) => e.type === 'message').map((e) => (e.binary ? Buffer.from(e.data, 'base64') : JSON.parse(e.data)));
  }

  get closed(): { code: number; reason: string } | undefined {
    const close = this.received.find((e) => e.type === 'close');
    return close && { code: close.code, reason: close.reason };
  }

  send(frame: object): Promise<void> {
    return this.channel.call('wsSend', { id: this.id, data: frame });
  }

  close(code = 1000): Promise<void> {
    return this.channel.call('wsClose', { id: this.id, code });
  }

  /** Every event (chat, gift…) of every `events` frame received so far, in order. */
  events(): Array<{ type: string; position: string; payload: any; replay: boolean }> {
    return this.messages.filter((m) => m.type === 'events').flatMap((m) => m.events.map((e: any) => ({ ...e, replay: m.replay })));
  }
}
