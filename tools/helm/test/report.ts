import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

export interface CheckReport {
  lints: Array<{ chart: string; ok: boolean; output: string }>;
  renders: Array<{
    name: string;
    objects: K8sObject[];
    validation: Array<{ object: string; errors: string[] }>;
    violations: Array<{ rule: string; object: string; message: string }>;
  }>;
}

export interface RenderCase {
  chart?: string;
  args?: string[];
  existingSecret?: string;
}

export interface RenderResult {
  ok: boolean;
  output: string;
  objects: K8sObject[];
  validation: CheckReport['renders'][number]['validation'];
  violations: CheckReport['renders'][number]['violations'];
  /** Each Deployment's environment as its stand-in pod (10.244.1.17, "<deployment>-0") resolves it. */
  env: Record<string, Record<string, string>>;
}

export const workspace = join(__dirname, '../../..');

/** Renders every case with tools/helm/render.mjs (one scratch copy of helm/ for the batch). */
export function renderCases(cases: RenderCase[]): RenderResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'ovation-helm-cases-'));
  try {
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    const result = spawnSync(process.execPath, [join(workspace, 'tools/helm/render.mjs'), join(dir, 'cases.json'), join(dir, 'results.json')], { encoding: 'utf8', timeout: 170_000 });
    if (result.status !== 0) throw new Error(`tools/helm/render.mjs failed:\n${result.stderr}${result.stdout}`);
    return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RenderResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** renderCases for a record of named cases: each name's result. */
export function renderNamedCases<K extends string>(cases: Record<K, RenderCase>): Record<K, RenderResult> {
  const names = Object.keys(cases) as K[];
  const results = renderCases(names.map((name) => cases[name]));
  return Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<K, RenderResult>;
}

/** Runs tools/helm/check.mjs (an ES module, as kubernetes-models is) and reads its full report. */
export function runHelmChecks(): CheckReport {
  const dir = mkdtempSync(join(tmpdir(), 'ovation-helm-report-'));
  try {
    const out = join(dir, 'report.json');
    const result = spawnSync(process.execPath, [join(workspace, 'tools/helm/check.mjs'), '--json', out], { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`tools/helm/check.mjs failed:\n${result.stderr}${result.stdout}`);
    return JSON.parse(readFileSync(out, 'utf8')) as CheckReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Metric names a PromQL expression reads (ours and the Kafka exporter's). */
export function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:ovation|kafka|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]);
}
