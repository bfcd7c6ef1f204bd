import {
  assignIngest,
  assignViewer,
  defaultPlacementPolicy,
  NoNodeAvailableError,
  PlacementNode,
  PlacementPolicy,
  rankByRendezvous,
} from './index';

interface TestNode extends PlacementNode {
  address: string;
}

const policy: PlacementPolicy = { ...defaultPlacementPolicy, perNodeRoomTarget: 1000 };

function node(nodeId: string, overrides: Partial<TestNode> = {}): TestNode {
  return { nodeId, address: `ws://${nodeId}/ws`, capacity: 10_000, load: 0, cpu: 0.1, draining: false, drainRequested: false, ...overrides };
}

const fleet = (count: number, overrides: Partial<TestNode> = {}) => Array.from({ length: count }, (_, i) => node(`push-${i}`, overrides));
const rooms = (count: number) => Array.from({ length: count }, (_, i) => `room-${i}`);
const soloViewer = (roomId: string, viewerKey = 'viewer-1', online = 0) => ({ roomId, viewerKey, online });

function placeRooms(nodes: TestNode[], roomIds: string[]): Map<string, string> {
  return new Map(roomIds.map((roomId) => [roomId, assignViewer(nodes, soloViewer(roomId), policy).node.nodeId]));
}

function countBy(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('assignViewer', () => {
  it('gives the same viewer the same node every time while nodes and loads are unchanged, whatever their order', () => {
    const nodes = fleet(8, { load: 100 });
    for (const roomId of rooms(200)) {
      const viewer = { roomId, viewerKey: `user-of-${roomId}`, online: 5_000 };
      const first = assignViewer(nodes, viewer, policy).node.nodeId;
      expect(assignViewer(nodes, viewer, policy).node.nodeId).toBe(first);
      expect(assignViewer([...nodes].reverse(), viewer, policy).node.nodeId).toBe(first);
    }
  });

  it('keeps every viewer of a small room on one node', () => {
    const nodes = fleet(8);
    const used = new Set(Array.from({ length: 1_000 }, (_, i) => assignViewer(nodes, soloViewer('small-room', `user-${i}`, 999), policy).node.nodeId));

    expect(used.size).toBe(1);
  });

  it('spreads a room over ceil(online / target) nodes, never more than there are, each a prefix of its ranking', () => {
    const nodes = fleet(8);
    const ranking = rankByRendezvous(nodes, 'hot-room').map((n) => n.nodeId);
    const nodesUsed = (online: number) => {
      const placements = Array.from({ length: 1_000 }, (_, i) => assignViewer(nodes, soloViewer('hot-room', `user-${i}`, online), policy));
      return { spread: placements[0].spread, used: new Set(placements.map((p) => p.node.nodeId)) };
    };

    for (const [online, k] of [[0, 1], [1_000, 1], [1_001, 2], [2_500, 3], [5_000, 5], [1_000_000, 8]]) {
      const { spread, used } = nodesUsed(online);
      expect(spread).toBe(k);
      expect([...used].sort()).toEqual(ranking.slice(0, k).sort());
    }
  });

  it('shares a spread room evenly among its nodes when their loads are equal: each within ±20% of the mean', () => {
    const nodes = fleet(8, { load: 500 });
    const counts = countBy(Array.from({ length: 6_000 }, (_, i) => assignViewer(nodes, soloViewer('hot-room', `user-${i}`, 3_000), policy).node.nodeId));

    expect(counts.size).toBe(3);
    for (const count of counts.values()) expect(Math.abs(count - 2_000)).toBeLessThanOrEqual(400);
  });

  it("sends a spread room's viewers to the least loaded of its nodes", () => {
    const nodes = fleet(8, { load: 5_000 });
    const [, second] = rankByRendezvous(nodes, 'hot-room');
    second.load = 1_000;

    for (let i = 0; i < 500; i++) {
      expect(assignViewer(nodes, soloViewer('hot-room', `user-${i}`, 3_000), policy).node.nodeId).toBe(second.nodeId);
    }
  });

  it('balances 10,000 rooms over 8 nodes: every node within ±20% of the mean (1,250)', () => {
    const counts = countBy(placeRooms(fleet(8), rooms(10_000)).values());

    expect(counts.size).toBe(8);
    for (const count of counts.values()) expect(Math.abs(count - 1_250)).toBeLessThanOrEqual(250);
  });

  it('moves only the rooms of a node that disappears, at most ~1/n of them (10,000 rooms, 8 nodes: ≤ 1/8 + 20%)', () => {
    const nodes = fleet(8);
    const before = placeRooms(nodes, rooms(10_000));
    const gone = nodes[3].nodeId;
    const after = placeRooms(nodes.filter((n) => n.nodeId !== gone), rooms(10_000));

    const moved = [...before].filter(([roomId, nodeId]) => after.get(roomId) !== nodeId);
    expect(moved.every(([, nodeId]) => nodeId === gone)).toBe(true);
    expect(moved.length).toBe([...before.values()].filter((nodeId) => nodeId === gone).length);
    expect(moved.length).toBeLessThanOrEqual((10_000 / 8) * 1.2);
  });

  it('moves rooms only onto a node that joins, about 1/(n+1) of them', () => {
    const nodes = fleet(8);
    const before = placeRooms(nodes, rooms(10_000));
    const after = placeRooms([...nodes, node('push-new')], rooms(10_000));

    const moved = [...after].filter(([roomId, nodeId]) => before.get(roomId) !== nodeId);
    expect(moved.every(([, nodeId]) => nodeId === 'push-new')).toBe(true);
    expect(Math.abs(moved.length - 10_000 / 9)).toBeLessThanOrEqual((10_000 / 9) * 0.2);
  });

  it.each([
    ['draining itself', { draining: true }],
    ['asked to drain', { drainRequested: true }],
    ['full', { load: 10_000 }],
    ['over the CPU ceiling', { cpu: 0.97 }],
  ])('gives a node that is %s no new viewers, and moves only its rooms', (_state, overrides) => {
    const nodes = fleet(8);
    const before = placeRooms(nodes, rooms(2_000));
    const excluded = { ...nodes[5], ...overrides };
    const after = placeRooms(nodes.map((n) => (n.nodeId === excluded.nodeId ? excluded : n)), rooms(2_000));

    expect([...after.values()]).not.toContain(excluded.nodeId);
    for (const [roomId, nodeId] of before) if (nodeId !== excluded.nodeId) expect(after.get(roomId)).toBe(nodeId);
  });

  it('still places viewers when every node is over the CPU ceiling: on the least loaded of the room', () => {
    const nodes = fleet(4, { cpu: 0.99, load: 5_000 });
    nodes[2].load = 100;

    expect(assignViewer(nodes, soloViewer('room', 'v', 10_000), policy).node.nodeId).toBe('push-2');
  });

  it('fails UNAVAILABLE, saying why, when no push node can take a viewer', () => {
    const nodes = [node('a', { draining: true }), node('b', { load: 10_000 })];

    expect(() => assignViewer([], soloViewer('room'), policy)).toThrow(/no push node can take new work \(none registered\)/);
    expect(() => assignViewer(nodes, soloViewer('room'), policy)).toThrow(NoNodeAvailableError);
    expect(() => assignViewer(nodes, soloViewer('room'), policy)).toThrow('no push node can take new work (1 draining, 1 full)');
    try {
      assignViewer(nodes, soloViewer('room'), policy);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'unavailable', reason: 'no_push_node' });
    }
  });
});

describe('assignIngest', () => {
  const ingest = (nodeId: string, load: number, overrides: Partial<TestNode> = {}) => node(nodeId, { capacity: 10, load, ...overrides });

  it('picks the least loaded ingest node', () => {
    const nodes = [ingest('a', 4), ingest('b', 1), ingest('c', 3)];

    expect(assignIngest(nodes, 'room-1', policy).nodeId).toBe('b');
  });

  it('compares load relative to capacity', () => {
    const nodes = [ingest('small', 1, { capacity: 2 }), ingest('big', 4, { capacity: 40 })];

    expect(assignIngest(nodes, 'room-1', policy).nodeId).toBe('big');
  });

  it('breaks ties by the room, so a re-publish lands on the same node and rooms spread over equal nodes', () => {
    const nodes = [ingest('a', 2), ingest('b', 2), ingest('c', 2)];
    const placed = rooms(3_000).map((roomId) => assignIngest(nodes, roomId, policy).nodeId);

    expect(rooms(3_000).map((roomId) => assignIngest([...nodes].reverse(), roomId, policy).nodeId)).toEqual(placed);
    for (const count of countBy(placed).values()) expect(Math.abs(count - 1_000)).toBeLessThanOrEqual(200);
  });

  it('skips draining and full ingest nodes, and fails UNAVAILABLE when none is left', () => {
    const nodes = [ingest('a', 0, { draining: true }), ingest('b', 10), ingest('c', 9)];

    expect(assignIngest(nodes, 'room-1', policy).nodeId).toBe('c');
    expect(() => assignIngest(nodes.slice(0, 2), 'room-1', policy)).toThrow(
      expect.objectContaining({ kind: 'unavailable', reason: 'no_ingest_node', message: 'no ingest node can take new work (1 draining, 1 full)' }),
    );
  });
});
