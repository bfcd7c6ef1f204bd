import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-logger';

describe('kafkaLogCreator', () => {
  const written: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
  const record = (level: string) => (fields: object, message?: string) => written.push({ level, fields: fields as Record<string, unknown>, message });
  const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
  let clock = 0;
  const entry = (level: logLevel, message: string, namespace = 'Connection') => ({
    namespace,
    level,
    label: '',
    log: { message, timestamp: 'ignored', logger: 'kafkajs', broker: '127.0.0.1:9092' },
  });
  const log = kafkaLogCreator(logger, { repeatWindowMs: 10_000, now: () => clock })(logLevel.INFO);

  beforeEach(() => {
    written.length = 0;
    clock = 0;
  });

  it('forwards entries with their fields, without kafkajs’ own time and logger name', () => {
    log(entry(logLevel.INFO, 'Starting', 'Consumer'));
    expect(written).toEqual([{ level: 'info', fields: { broker: '127.0.0.1:9092', kafkaNamespace: 'Consumer' }, message: 'Starting' }]);
  });

  it('writes a repeated error once per window, then says how many it held back', () => {
    for (let i = 0; i < 5; i += 1) log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED'));
    clock = 10_000;
    log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED'));
    log(entry(logLevel.WARN, 'Connection error: connect ECONNREFUSED'));

    expect(written.map((w) => [w.level, w.fields.repeatedSinceLastLogged])).toEqual([
      ['error', undefined],
      ['error', 4],
      ['warn', undefined],
    ]);
  });

  it('writes a routine rebalance reply, which kafkajs reports as an error, as info', () => {
    const rebalancing = entry(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)');
    log({ ...rebalancing, log: { ...rebalancing.log, error: 'The group is rebalancing, so a rejoin is needed' } });
    log({ ...rebalancing, log: { ...rebalancing.log, error: 'The coordinator is not aware of this member' } });
    expect(written.map((w) => w.level)).toEqual(['info', 'error']);
  });

  it('never holds back info', () => {
    log(entry(logLevel.INFO, 'Consumer has joined the group'));
    log(entry(logLevel.INFO, 'Consumer has joined the group'));
    expect(written).toHaveLength(2);
  });
});
