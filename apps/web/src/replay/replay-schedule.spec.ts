import { ReplaySchedule } from './replay-schedule';

const at = (...times: number[]) => times.map((videoMs) => ({ videoMs, id: `m${videoMs}` }));

describe('ReplaySchedule', () => {
  it('releases each message once as playback passes its moment', () => {
    const schedule = new ReplaySchedule(at(1500, 0, 800, 3000));
    expect(schedule.due(0).map((m) => m.id)).toEqual(['m0']);
    expect(schedule.due(1000).map((m) => m.id)).toEqual(['m800']);
    expect(schedule.due(1600).map((m) => m.id)).toEqual(['m1500']);
    expect(schedule.due(1700)).toEqual([]);
    expect(schedule.due(3000).map((m) => m.id)).toEqual(['m3000']);
  });

  it('treats a jump as a seek: nothing floods in, playback continues from there', () => {
    const schedule = new ReplaySchedule(at(100, 5000, 5200, 9000));
    schedule.due(0);
    expect(schedule.due(5100)).toEqual([]);
    expect(schedule.due(5300).map((m) => m.id)).toEqual(['m5200']);
    // Back to the start: the early message shows again.
    expect(schedule.due(50)).toEqual([]);
    expect(schedule.due(200).map((m) => m.id)).toEqual(['m100']);
  });
});
