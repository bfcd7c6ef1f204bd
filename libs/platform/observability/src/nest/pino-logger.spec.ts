import pino from 'pino';
import { NestPinoLogger } from './pino-logger';

function loggerWithRecords(): { nest: NestPinoLogger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const logger = pino({ level: 'trace', base: undefined }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { nest: new NestPinoLogger(logger), records };
}

const STACK = 'Error: boom\n    at RoomService.open (/app/room.service.js:10:5)';

describe('NestPinoLogger', () => {
  it.each([
    ['log', 30],
    ['error', 50],
    ['warn', 40],
    ['debug', 20],
    ['verbose', 10],
    ['fatal', 60],
  ] as const)('maps %s to pino level %d and the context argument to a field', (method, level) => {
    const { nest, records } = loggerWithRecords();
    nest[method]('hello', 'RoomService');
    expect(records).toEqual([expect.objectContaining({ level, msg: 'hello', context: 'RoomService' })]);
  });

  it('keeps the stack that Nest passes to error before the context', () => {
    const { nest, records } = loggerWithRecords();
    nest.error('boom', STACK, 'ExceptionsHandler');
    expect(records[0]).toMatchObject({ msg: 'boom', stack: STACK, context: 'ExceptionsHandler' });
  });

  it('does not mistake a lone stack for a context', () => {
    const { nest, records } = loggerWithRecords();
    nest.error('boom', STACK);
    expect(records[0]).toMatchObject({ stack: STACK });
    expect(records[0]).not.toHaveProperty('context');
  });

  it('serializes an Error message with its stack', () => {
    const { nest, records } = loggerWithRecords();
    nest.error(new Error('db down'), 'GiftService');
    expect(records[0]).toMatchObject({ msg: 'db down', context: 'GiftService', err: { message: 'db down', type: 'Error' } });
  });

  it('merges an object message into the record', () => {
    const { nest, records } = loggerWithRecords();
    nest.log({ roomId: 'r1', viewers: 3 }, 'RoomService');
    expect(records[0]).toMatchObject({ roomId: 'r1', viewers: 3, context: 'RoomService' });
  });

  it('logs without a context when none is given', () => {
    const { nest, records } = loggerWithRecords();
    nest.log('plain');
    expect(records[0]).not.toHaveProperty('context');
  });
});
