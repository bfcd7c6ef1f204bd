import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestFleet, TestFleet } from '@ovation/testing';
import { CheckReport, metricNames, runHelmChecks, workspace } from './report';

// Every metric a dashboard or an alert reads must exist in the /metrics of the running fleet, or
// the panel is silently empty and the alert never fires. Metrics of other exporters are excluded.
const EXTERNAL = /^kafka_/; // kafka-exporter (deploy/prometheus/README.md)

function dashboardMetrics(): Map<string, string> {
  const used = new Map<string, string>();
  const dir = join(workspace, 'helm/ovation/dashboards');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const panel of dashboard.panels) for (const target of panel.targets) for (const name of metricNames(target.expr)) used.set(name, `dashboard ${file}`);
  }
  return used;
}

function alertMetrics(report: CheckReport): Map<string, string> {
  const used = new Map<string, string>();
  const rule = report.renders[0].objects.find((o) => o.kind === 'PrometheusRule')!;
  for (const group of rule.spec.groups) for (const r of group.rules) for (const name of metricNames(r.expr)) used.set(name, `alert ${r.alert}`);
  return used;
}

/**
 * Metric names one /metrics page declares (`# TYPE`, even before a labelled series' first
 * observation) or exposes as samples (histograms add _bucket, _sum and _count).
 */
const exposed = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && (!l.startsWith('#') || l.startsWith('# TYPE ')))
    .map((l) => (l.startsWith('# TYPE ') ? l.split(' ')[2] : l.split(/[{ ]/)[0]));

describe('metrics named by dashboards and alerts', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ portOffset: 7500 });
  }, 180_000);

  afterAll(() => fleet?.stop(), 60_000);

  it('all exist in the running fleet', async () => {
    // Exercise the request paths first: labelled series appear on their first observation.
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const { token } = (await (
      await fetch(`${gateway}/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'metrics-1', role: 'streamer' }) })
    ).json()) as { token: string };
    const created = await fetch(`${gateway}/v1/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'metrics', category: 'music' }),
    });
    expect(created.status).toBe(201);
    await fetch(`${gateway}/v1/rooms/00000000-0000-4000-8000-000000000000`);

    const available = new Set<string>();
    for (const running of fleet.running) {
      const text = await (await fetch(fleet.url(running.service.name, 'OPS_PORT') + '/metrics')).text();
      for (const name of exposed(text)) available.add(name);
    }
    const used = new Map([...dashboardMetrics(), ...alertMetrics(runHelmChecks())]);
    expect(used.size).toBeGreaterThan(10);
    // A labelled histogram not yet observed is declared (# TYPE) under its base name only.
    const isExposed = (name: string) => available.has(name) || available.has(`${name}_bucket`) || available.has(name.replace(/_(bucket|sum|count)$/, ''));
    const missing = [...used].filter(([name]) => !EXTERNAL.test(name) && !isExposed(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
  }, 240_000);
});
