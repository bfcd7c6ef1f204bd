import { NodeReport, validateNodeReport, validateRoomId } from './index';

const valid: NodeReport = {
  nodeId: 'push-1',
  kind: 'push',
  address: 'ws://127.0.0.1:8090/ws',
  grpcAddress: '127.0.0.1:50054',
  capacity: 50_000,
  load: 10,
  cpu: 0.2,
  draining: false,
};

describe('validateNodeReport', () => {
  it.each([
    valid,
    { ...valid, grpcAddress: '' },
    { ...valid, kind: 'ingest' as const, address: 'rtmp://127.0.0.1:1935/live' },
    { ...valid, kind: 'playback' as const, address: 'https://cdn.example.com' },
  ])('accepts %o', (report) => {
    expect(validateNodeReport(report)).toBe(report);
  });

  it.each([
    ['node.node_id', { nodeId: '' }],
    ['node.node_id', { nodeId: 'x'.repeat(129) }],
    ['node.kind', { kind: 'edge' }],
    ['node.address', { address: 'http://127.0.0.1:8090/ws' }],
    ['node.address', { address: 'not a url' }],
    ['node.address', { kind: 'ingest', address: 'ws://127.0.0.1:8090/ws' }],
    ['node.grpc_address', { grpcAddress: 'http://127.0.0.1:50054' }],
    ['node.capacity', { capacity: 0 }],
    ['node.capacity', { capacity: 1.5 }],
    ['node.load', { load: -1 }],
    ['node.cpu', { cpu: 1.5 }],
    ['node.cpu', { cpu: Number.NaN }],
  ])('names %s in the error for %o', (field, overrides) => {
    expect(() => validateNodeReport({ ...valid, ...overrides } as NodeReport)).toThrow(expect.objectContaining({ kind: 'invalid_argument', field }));
  });
});

describe('validateRoomId', () => {
  it('requires a room id', () => {
    expect(validateRoomId('room-1')).toBe('room-1');
    expect(() => validateRoomId(' ')).toThrow(expect.objectContaining({ field: 'room_id' }));
  });
});
