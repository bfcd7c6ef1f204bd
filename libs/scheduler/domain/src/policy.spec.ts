import { roomSpread } from './index';

describe('roomSpread', () => {
  it.each([
    [0, 1],
    [1, 1],
    [2_000, 1],
    [2_001, 2],
    [9_999, 5],
    [1_000_000, 8],
  ])('spreads a room with %i viewers over %i of 8 nodes (2,000 per node)', (online, k) => {
    expect(roomSpread(online, 2_000, 8)).toBe(k);
  });

  it('never asks for more nodes than are available, and for at least one', () => {
    expect(roomSpread(50_000, 2_000, 3)).toBe(3);
    expect(roomSpread(-5, 2_000, 3)).toBe(1);
  });
});
