import { WebSocket } from 'ws';

/** The part of ws's per-socket sender that writes already framed bytes (what engine.io uses for pre-encoded packets). */
interface FrameSender {
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}

/**
 * A live batch goes out as the same bytes to thousands of sockets, and an unmasked server frame
 * has the same header on every one of them. So the frame is built once per payload (a WeakMap
 * forgets it with the payload) and written to each socket as one buffer: ws would otherwise
 * build a header, cork, write twice and writev for every socket, about a fifth of a write's CPU.
 */
export class PreparedFrames {
  private readonly framed = new WeakMap<Buffer, Buffer>();

  /** Writes `payload`, shared by many sockets, as one text or binary message; false when the socket is not open (nothing written). */
  write(socket: WebSocket, payload: Buffer, binary: boolean): boolean {
    return writeFramed(socket, payload, binary, this.sharedFrame);
  }

  /**
   * Writes a payload meant for this socket alone (a pong, an ack): framed in one buffer all the
   * same, but not remembered, since no other socket will ask for it.
   */
  writeOwn(socket: WebSocket, payload: Buffer, binary: boolean): boolean {
    return writeFramed(socket, payload, binary, frameOf);
  }

  private readonly sharedFrame = (payload: Buffer, binary: boolean): Buffer => {
    let framed = this.framed.get(payload);
    if (!framed) {
      framed = frameOf(payload, binary);
      this.framed.set(payload, framed);
    }
    return framed;
  };
}

function writeFramed(socket: WebSocket, payload: Buffer, binary: boolean, frame: (payload: Buffer, binary: boolean) => Buffer): boolean {
  if (socket.readyState !== WebSocket.OPEN) return false;
  const sender = frameSenderOf(socket);
  if (!sender) {
    socket.send(payload, { binary });
    return true;
  }
  sender.sendFrame([frame(payload, binary)]);
  return true;
}

function frameOf(payload: Buffer, binary: boolean): Buffer {
  return unmaskedFrame(payload, binary ? OPCODE_BINARY : OPCODE_TEXT);
}

const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const FIN = 0x80;

/** One whole message as a server sends it (RFC 6455 §5.2: FIN, opcode, no mask, 7/16/64-bit length). */
function unmaskedFrame(payload: Buffer, opcode: number): Buffer {
  const size = payload.length;
  const headerBytes = size < 126 ? 2 : size < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + size);
  frame[0] = FIN | opcode;
  if (size < 126) {
    frame[1] = size;
  } else if (size < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(size, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(size), 2);
  }
  payload.copy(frame, headerBytes);
  return frame;
}

/** ws's sender, when this version of ws still has the method (otherwise sockets are written through send()). */
export function frameSenderOf(socket: WebSocket): FrameSender | undefined {
  const sender = (socket as unknown as { _sender?: Partial<FrameSender> })._sender;
  return typeof sender?.sendFrame === 'function' ? (sender as FrameSender) : undefined;
}
