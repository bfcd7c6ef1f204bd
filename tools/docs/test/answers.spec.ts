import { danmakuV1 } from '@ovation/contracts';
import { CloseCodes, errorCodeFromProto, NACK_REASONS, nackReasonToProto } from '@ovation/danmaku-domain';
import { roomOperations } from '@ovation/room-domain';

// docs/answers.json is the one source of the documented answers: the tables of docs/protocol.md
// and docs/api.md are generated from it, and the code's own lists must be exactly its lists.
// (The fleet-facing tests read it too: push-socket-server.int.spec, nack.exception.spec.)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tables = require('../tables.cjs') as { loadAnswers: () => Answers; staleDocs: () => string[] };

interface Answers {
  closeCodes: Array<{ code: number; error: string | null }>;
  frameErrors: Array<{ error: string }>;
  nackReasons: Array<{ reason: string; proto: keyof typeof danmakuV1.NackReason }>;
  roomStates: Array<{ operation: string; allowed: string[] }>;
}

const answers = tables.loadAnswers();

describe('docs/answers.json', () => {
  it('is what the generated tables of docs/protocol.md and docs/api.md say (node tools/docs/tables.cjs --write)', () => {
    expect(tables.staleDocs()).toEqual([]);
  });

  it('lists every close code the push node closes with, and 1009 that ws closes with for an oversized frame', () => {
    expect(answers.closeCodes.map((c) => c.code).sort()).toEqual([...Object.values(CloseCodes), 1009].sort());
  });

  it('lists every error frame code, each either fatal with its close code or non-fatal', () => {
    const documented = [...answers.closeCodes.map((c) => c.error), ...answers.frameErrors.map((e) => e.error)].filter((code): code is string => code !== null);
    const spoken = Object.values(danmakuV1.ErrorCode)
      .map((value) => errorCodeFromProto(value))
      .filter((code) => code !== undefined);
    expect(new Set(documented)).toEqual(new Set(spoken));
  });

  it('lists every nack reason with its protobuf name', () => {
    expect(answers.nackReasons.map((n) => n.reason).sort()).toEqual([...NACK_REASONS].sort());
    for (const { reason, proto } of answers.nackReasons) expect(nackReasonToProto(reason as (typeof NACK_REASONS)[number])).toBe(danmakuV1.NackReason[proto]);
  });

  it("gives each room route's states exactly as the room lifecycle's table allows them", () => {
    expect(Object.fromEntries(answers.roomStates.map((r) => [r.operation, r.allowed]))).toEqual(roomOperations);
  });
});
