import type { WebSocket } from 'ws';
import { connectedPair } from '../../test/websocket-pair';
import { frameSenderOf, PreparedFrames } from './prepared-frames';

function receive(client: WebSocket, count: number): Promise<{ data: Buffer; isBinary: boolean }[]> {
  const received: { data: Buffer; isBinary: boolean }[] = [];
  return new Promise((resolve) =>
    client.on('message', (data, isBinary) => {
      received.push({ data: data as Buffer, isBinary });
      if (received.length === count) resolve(received);
    }),
  );
}

describe('PreparedFrames', () => {
  it('writes with the installed ws through its frame sender, not send()', async () => {
    const { server, close } = await connectedPair();
    try {
      // If a ws upgrade drops the method, fan-out falls back to send(): correct, but slower. This says so.
      expect(frameSenderOf(server)).toBeDefined();
      const send = jest.spyOn(server, 'send');
      new PreparedFrames().write(server, Buffer.from('{"type":"events"}'), false);
      expect(send).not.toHaveBeenCalled();
    } finally {
      await close();
    }
  });

  it('delivers text and binary payloads of every header length intact, in order', async () => {
    const { server, client, close } = await connectedPair();
    try {
      // 7-bit, 16-bit and 64-bit payload lengths, each as text and as binary.
      const payloads = [10, 125, 126, 300, 65_535, 65_536, 70_000].flatMap((size, i) => [
        { data: Buffer.from('x'.repeat(size - 1) + String(i % 10)), binary: false },
        { data: Buffer.alloc(size, i), binary: true },
      ]);
      const arrived = receive(client, payloads.length);
      const frames = new PreparedFrames();
      for (const { data, binary } of payloads) expect(frames.write(server, data, binary)).toBe(true);
      const received = await arrived;
      expect(received.map(({ data, isBinary }) => ({ data, binary: isBinary }))).toEqual(payloads);
    } finally {
      await close();
    }
  });

  it('frames a payload once and writes the same bytes to every socket', async () => {
    const pairs = await Promise.all([connectedPair(), connectedPair(), connectedPair()]);
    try {
      const payload = Buffer.from('{"type":"events","events":[]}');
      const written: Buffer[] = [];
      for (const { server } of pairs) {
        const sender = frameSenderOf(server)!;
        const sendFrame = sender.sendFrame.bind(sender);
        jest.spyOn(sender, 'sendFrame').mockImplementation((list, cb) => {
          written.push(list[0]);
          sendFrame(list, cb);
        });
      }
      const arrived = Promise.all(pairs.map(({ client }) => receive(client, 1)));
      const frames = new PreparedFrames();
      for (const { server } of pairs) frames.write(server, payload, false);
      expect((await arrived).map(([message]) => message.data)).toEqual([payload, payload, payload]);
      expect(written).toHaveLength(3);
      expect(written[1]).toBe(written[0]);
      expect(written[2]).toBe(written[0]);
    } finally {
      await Promise.all(pairs.map(({ close }) => close()));
    }
  });

  it("writes a socket's own payload as one frame, delivered intact, and keeps no copy of it", async () => {
    const { server, client, close } = await connectedPair();
    try {
      const sender = frameSenderOf(server)!;
      const sendFrame = sender.sendFrame.bind(sender);
      const written: Buffer[][] = [];
      jest.spyOn(sender, 'sendFrame').mockImplementation((list, cb) => {
        written.push(list);
        sendFrame(list, cb);
      });
      const pong = Buffer.from('{"type":"pong","clientTimeMs":1,"serverTimeMs":2}');
      const ack = Buffer.alloc(300, 7);
      const arrived = receive(client, 3);
      const frames = new PreparedFrames();
      expect(frames.writeOwn(server, pong, false)).toBe(true);
      expect(frames.writeOwn(server, ack, true)).toBe(true);
      expect(frames.writeOwn(server, pong, false)).toBe(true);
      expect((await arrived).map(({ data, isBinary }) => ({ data, isBinary }))).toEqual([
        { data: pong, isBinary: false },
        { data: ack, isBinary: true },
        { data: pong, isBinary: false },
      ]);
      expect(written.map((list) => list.length)).toEqual([1, 1, 1]);
      expect(written[2][0]).not.toBe(written[0][0]);
    } finally {
      await close();
    }
  });

  it('writes nothing to a socket that is closing', async () => {
    const { server, client, close } = await connectedPair();
    try {
      const errors: Error[] = [];
      server.on('error', (error) => errors.push(error));
      const closed = new Promise((resolve) => client.once('close', resolve));
      server.close(1000, 'bye');
      expect(new PreparedFrames().write(server, Buffer.from('late'), false)).toBe(false);
      await closed;
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
