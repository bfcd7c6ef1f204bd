import { createServer } from 'node:net';

function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 nothing listens on now (the OS picks it), for a private server; with
 * `consecutive`, the ports after it are free too (a Kafka broker's controller takes port + 1).
 */
export async function freePort(consecutive = 1): Promise<number> {
  for (;;) {
    const port = (await listenOnce(0))!;
    let free = port + consecutive - 1 <= 65535;
    for (let next = port + 1; free && next < port + consecutive; next += 1) free = (await listenOnce(next)) !== undefined;
    if (free) return port;
  }
}
