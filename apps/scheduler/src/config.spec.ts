import { ConfigError, loadConfig } from '@ovation/config';
import { placementPolicy, schedulerConfigSchema } from './config';

const load = (env: Record<string, string>) => loadConfig('scheduler', schedulerConfigSchema, env);

describe('scheduler configuration', () => {
  it('defaults to a 10 s node TTL, 3 s heartbeats and 2,000 viewers per node per room', () => {
    const config = load({});

    expect(config).toMatchObject({ NODE_TTL_MS: 10_000, HEARTBEAT_INTERVAL_MS: 3_000, PER_NODE_ROOM_TARGET: 2_000, NODE_SNAPSHOT_MS: 500 });
    expect(placementPolicy(config)).toEqual({ perNodeRoomTarget: 2_000, loadTieTolerance: 0.05, cpuCeiling: 0.95 });
  });

  it('refuses a heartbeat interval longer than half the TTL, naming the variable', () => {
    expect(() => load({ NODE_TTL_MS: '4000', HEARTBEAT_INTERVAL_MS: '3000' })).toThrow(ConfigError);
    expect(() => load({ NODE_TTL_MS: '4000', HEARTBEAT_INTERVAL_MS: '3000' })).toThrow(/HEARTBEAT_INTERVAL_MS: must be at most half of NODE_TTL_MS \(4000\)/);
  });

  it('names a tolerance out of range', () => {
    expect(() => load({ LOAD_TIE_TOLERANCE_PERCENT: '150' })).toThrow(/LOAD_TIE_TOLERANCE_PERCENT/);
  });
});
