import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workspace } from './report';

// Every dashboard loads as Grafana dashboard JSON: a uid and title, unique panel ids, each panel
// with a Prometheus datasource, a grid position and queries.
const dir = join(workspace, 'helm/ovation/dashboards');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: Array<{ refId: string; expr: string }>;
}

describe('Grafana dashboards', () => {
  it('cover the fleet, realtime, gifts, streams and Kafka', () => {
    expect(files.sort()).toEqual(['fleet-overview.json', 'gifts.json', 'kafka.json', 'realtime.json', 'streams.json']);
  });

  it('have distinct uids and titles', () => {
    const dashboards = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(files.length);
    expect(new Set(dashboards.map((d) => d.title)).size).toBe(files.length);
  });

  it.each(files)('%s is valid dashboard JSON', (file) => {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(dashboard).toEqual(expect.objectContaining({ uid: expect.stringMatching(/^[a-z0-9-]{1,40}$/), title: expect.any(String), schemaVersion: expect.any(Number) }));
    expect(dashboard.templating.list.find((v: { name: string }) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const panels = dashboard.panels as Panel[];
    expect(panels.length).toBeGreaterThan(0);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) {
      expect(panel).toMatchObject({ type: expect.any(String), title: expect.any(String), datasource: { type: 'prometheus', uid: '${datasource}' } });
      expect(panel.gridPos).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(panel.targets?.length).toBeGreaterThan(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const target of panel.targets!) expect(target.expr).toMatch(/\S/);
    }
  });

  it('the custom metrics the HPAs scale on are served by the shipped prometheus-adapter rules', () => {
    const adapter = parse(readFileSync(join(workspace, 'deploy/prometheus/prometheus-adapter-values.yaml'), 'utf8'));
    const served = adapter.rules.custom.map((r: { name: { as: string }; seriesQuery: string }) => {
      expect(r.seriesQuery).toContain(`${r.name.as}{`);
      return r.name.as;
    });
    const podMetrics = ['danmaku-push', 'ingest'].map((s) => parse(readFileSync(join(workspace, 'helm', s, 'values.yaml'), 'utf8')).autoscaling.podsMetric.name);
    expect(served.sort()).toEqual(podMetrics.sort());
  });
});
