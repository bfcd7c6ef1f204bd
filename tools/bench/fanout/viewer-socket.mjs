// A bench viewer's WebSocket client, bare: the opening handshake, then messages cut straight out
// of the TCP byte stream. The bulk viewers only count what arrives, and on the bench's shared
// cores a full client library per socket (a stream and a parser per message) cost more CPU than
// the servers it measures: whatever the instrument burns, the servers do not get. Both systems'
// viewers use it, so the comparison stays like for like.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADERS_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const HANDSHAKE_MAX_BYTES = 16 * 1024;
const readBuffer = Buffer.allocUnsafe(64 * 1024);
const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa };

export const OPEN = 1;
const CLOSED = 3;

/**
 * One client connection. `onMessage(payload)` gets each whole text or binary message (a view into
 * the received bytes: copy it to keep it); `onClose(code)` once, when the connection ends.
 */
export class ViewerSocket {
  readyState = OPEN;
  #socket;
  #pending;
  #fragments;
  #closeCode = 1006;
  onMessage = () => undefined;
  onClose = () => undefined;

  constructor(socket, firstBytes) {
    this.#socket = socket;
    socket.on('close', () => this.#closed());
    socket.on('error', () => undefined);
    // Frames that came with the handshake answer wait until whoever opened the socket has set
    // onMessage; a chunk arriving first is appended to them, so order holds either way.
    if (firstBytes.length) {
      this.#pending = Buffer.from(firstBytes);
      setImmediate(() => this.receive(EMPTY));
    }
  }

  /** Sends a text message (masked, as every client frame must be). */
  send(text) {
    if (this.readyState === OPEN) this.#socket.write(maskedFrame(OPCODE.text, Buffer.from(text)));
  }

  terminate() {
    this.#socket.destroy();
  }

  /** Bytes read from the socket (a view into its read buffer, reused by the next read). */
  receive(chunk) {
    let bytes = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = undefined;
    let at = 0;
    while (bytes.length - at >= 2) {
      const first = bytes[at];
      const short = bytes[at + 1] & 0x7f;
      const headerBytes = short < 126 ? 2 : short === 126 ? 4 : 10;
      if (bytes.length - at < headerBytes) break;
      const size = short < 126 ? short : short === 126 ? bytes.readUInt16BE(at + 2) : Number(bytes.readBigUInt64BE(at + 2));
      const end = at + headerBytes + size;
      if (end > bytes.length) break;
      this.#frame(first & 0x80, first & 0x0f, bytes.subarray(at + headerBytes, end));
      at = end;
    }
    if (at < bytes.length) this.#pending = Buffer.from(bytes.subarray(at));
  }

  #frame(fin, opcode, payload) {
    if (opcode === OPCODE.close) {
      this.#closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.#socket.end(maskedFrame(OPCODE.close, payload.subarray(0, 2)));
      return;
    }
    if (opcode === OPCODE.ping) {
      this.#socket.write(maskedFrame(OPCODE.pong, payload));
      return;
    }
    if (opcode === OPCODE.pong) return;
    if (!fin || this.#fragments) {
      (this.#fragments ??= []).push(Buffer.from(payload));
      if (!fin) return;
      payload = Buffer.concat(this.#fragments);
      this.#fragments = undefined;
    }
    this.onMessage(payload);
  }

  #closed() {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onClose(this.#closeCode);
  }
}

/** Opens `ws://127.0.0.1:{port}{path}` from `localAddress`; rejects with the server's status line when it refuses. */
export function openViewerSocket({ port, path, localAddress }) {
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  return new Promise((resolve, reject) => {
    let viewer;
    let received = EMPTY;
    // Reads land in one buffer shared by every socket of the process, handed over without a stream
    // in between (net's onread): each read is handled, and what is left of it copied, before the next.
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      localAddress,
      onread: {
        buffer: readBuffer,
        callback: (size, buffer) => {
          if (viewer) viewer.receive(buffer.subarray(0, size));
          else handshake(buffer.subarray(0, size));
        },
      },
    });
    const fail = (error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('closed during the handshake')));
    const handshake = (chunk) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(HEADERS_END);
      if (end === -1) {
        if (received.length > HANDSHAKE_MAX_BYTES) fail(new Error('no end to the handshake response'));
        return;
      }
      const head = received.toString('latin1', 0, end);
      const status = head.slice(0, head.indexOf('\r\n'));
      if (!/^HTTP\/1\.1 101 /.test(status)) return fail(new Error(`handshake refused: ${status}`));
      if (!head.toLowerCase().includes(`\r\nsec-websocket-accept: ${accept.toLowerCase()}`)) return fail(new Error('handshake answered with the wrong Sec-WebSocket-Accept'));
      socket.removeAllListeners('error').removeAllListeners('close');
      socket.setNoDelay(true);
      viewer = new ViewerSocket(socket, received.subarray(end + HEADERS_END.length));
      resolve(viewer);
    };
    socket.once('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  });
}

/** A client frame (RFC 6455 §5.2-5.3): FIN, opcode, the mask bit and a fresh key, the payload masked with it. */
function maskedFrame(opcode, payload) {
  const size = payload.length;
  const lengthBytes = size < 126 ? 0 : size < 65_536 ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + lengthBytes + 4 + size);
  frame[0] = 0x80 | opcode;
  if (size < 126) frame[1] = 0x80 | size;
  else if (size < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(size, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(size), 2);
  }
  const maskAt = 2 + lengthBytes;
  randomBytes(4).copy(frame, maskAt);
  for (let i = 0; i < size; i++) frame[maskAt + 4 + i] = payload[i] ^ frame[maskAt + (i & 3)];
  return frame;
}
