import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP forwarder to a real server whose traffic a test can hold: a network partition for one client. */
export interface TcpGate {
  /** The local port to connect to instead of the server's. */
  port: number;
  /** From now on nothing a client sends reaches the server (it waits, as on a partitioned link). */
  hold(): void;
  /** Closes every connection, dropping what was held, and stops listening. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port) and forwards every connection to `host:port`. */
export async function openTcpGate(host: string, port: number): Promise<TcpGate> {
  const clients = new Set<Socket>();
  let held = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    clients.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    // After pipe(), which sets the client flowing.
    if (held) client.pause();
    const end = () => {
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the gate has no TCP port');
  return {
    port: address.port,
    hold: () => {
      held = true;
      for (const client of clients) client.pause();
    },
    close: async () => {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
