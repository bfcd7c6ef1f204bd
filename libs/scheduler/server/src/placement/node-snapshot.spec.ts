import type { RegisteredNode } from '@ovation/scheduler-domain';
import { NodeRegistry, NodeSnapshot } from '../index';

function fakeRegistry(list: () => Promise<RegisteredNode[]>): { registry: NodeRegistry; reads: () => number } {
  let reads = 0;
  const registry = {
    list: () => {
      reads++;
      return list();
    },
  } as unknown as NodeRegistry;
  return { registry, reads: () => reads };
}

describe('NodeSnapshot', () => {
  it('shares one registry read between callers until it is maxAgeMs old', async () => {
    let now = 0;
    const { registry, reads } = fakeRegistry(async () => []);
    const snapshot = new NodeSnapshot(registry, 500, () => now);

    await Promise.all([snapshot.nodes(), snapshot.nodes(), snapshot.nodes()]);
    now = 499;
    await snapshot.nodes();
    expect(reads()).toBe(1);

    now = 500;
    await snapshot.nodes();
    expect(reads()).toBe(2);
  });

  it('reads again after invalidate', async () => {
    const { registry, reads } = fakeRegistry(async () => []);
    const snapshot = new NodeSnapshot(registry, 60_000);

    await snapshot.nodes();
    snapshot.invalidate();
    await snapshot.nodes();

    expect(reads()).toBe(2);
  });

  it('does not keep serving a failed read', async () => {
    let fail = true;
    const { registry, reads } = fakeRegistry(async () => {
      if (fail) throw new Error('redis is down');
      return [];
    });
    const snapshot = new NodeSnapshot(registry, 60_000);

    await expect(snapshot.nodes()).rejects.toThrow('redis is down');
    fail = false;
    await expect(snapshot.nodes()).resolves.toEqual([]);
    expect(reads()).toBe(2);
  });
});
