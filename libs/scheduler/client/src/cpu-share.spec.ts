import { cpuShareMeter } from './index';

describe('cpuShareMeter', () => {
  function fakeClock() {
    const clock = { cpu: 0, wall: 1_000_000 };
    return { clock, meter: cpuShareMeter({ cpuMicros: () => clock.cpu, wallMicros: () => clock.wall }) };
  }

  it('divides the CPU time used by the wall time passed since the previous call', () => {
    const { clock, meter } = fakeClock();
    clock.cpu += 50_000;
    clock.wall += 100_000;
    expect(meter()).toBeCloseTo(0.5);

    clock.cpu += 10_000;
    clock.wall += 100_000;
    expect(meter()).toBeCloseTo(0.1);
  });

  it('caps at one core and reads 0 when no time passed', () => {
    const { clock, meter } = fakeClock();
    clock.cpu += 300_000;
    clock.wall += 100_000;
    expect(meter()).toBe(1);
    expect(meter()).toBe(0);
  });

  it('measures this process by default, within 0..1', () => {
    const meter = cpuShareMeter();
    const until = Date.now() + 50;
    while (Date.now() < until) Math.sqrt(Math.random());
    const share = meter();

    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
  });
});
