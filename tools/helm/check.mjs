// The offline checks of helm/: lint every chart, render the umbrella with its default values and
// with each values file in helm/examples/ (for a cluster that serves prometheus-operator and the
// Gateway API), validate every rendered object against the Kubernetes, prometheus-operator and
// Gateway API schemas, and apply the platform policy (policy.mjs; it reads the built services'
// config schemas: build first).
//   node tools/helm/check.mjs               human summary, exit 1 on any problem
//   node tools/helm/check.mjs --json FILE   the full report (objects included) for the tests
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { chartNames, lint, prepareCharts, root, template } from './charts.mjs';
import { checkPolicy } from './policy.mjs';
import { validateObjects } from './validate.mjs';

const EXAMPLES = join(root, 'helm/examples');
export const CLUSTER_APIS = ['--api-versions', 'monitoring.coreos.com/v1', '--api-versions', 'gateway.networking.k8s.io/v1'];
/** The chart's defaults need only the secrets: defaults cannot give keys, so they name a Secret you manage. */
export const DEFAULT_SECRET = 'ovation-secrets';
const DEFAULT_ARGS = ['--set', `global.secrets.existingSecret=${DEFAULT_SECRET}`];

function valueSets() {
  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const file = join(EXAMPLES, f);
      return { name: f.replace(/\.yaml$/, ''), args: ['--values', file], existingSecret: parse(readFileSync(file, 'utf8'))?.global?.secrets?.existingSecret ?? '' };
    });
  return [{ name: 'default', args: DEFAULT_ARGS, existingSecret: DEFAULT_SECRET }, ...examples];
}

export async function runChecks() {
  const chartsDir = prepareCharts();
  try {
    const lints = chartNames().map((chart) => ({ chart, ...lint(chartsDir, chart, chart === 'ovation-lib' ? [] : DEFAULT_ARGS) }));
    const renders = [];
    for (const { name, args, existingSecret } of valueSets()) {
      const objects = template(chartsDir, [...args, ...CLUSTER_APIS]);
      renders.push({ name, objects, validation: await validateObjects(objects), violations: checkPolicy(objects, existingSecret) });
    }
    return { lints, renders };
  } finally {
    rmSync(dirname(chartsDir), { recursive: true, force: true });
  }
}

async function main() {
  const report = await runChecks();
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0) {
    writeFileSync(process.argv[jsonAt + 1], JSON.stringify(report));
    return;
  }
  let problems = 0;
  for (const l of report.lints) {
    console.log(`lint ${l.chart}: ${l.ok ? 'ok' : `FAILED\n${l.output}`}`);
    problems += l.ok ? 0 : 1;
  }
  for (const r of report.renders) {
    const invalid = r.validation.filter((v) => v.errors.length);
    console.log(`template (${r.name} values): ${r.objects.length} objects, ${invalid.length} invalid, ${r.violations.length} policy violations`);
    for (const v of invalid) console.log(`  schema ${v.object}: ${v.errors.join('; ')}`);
    for (const v of r.violations) console.log(`  policy ${v.rule} ${v.object}: ${v.message}`);
    problems += invalid.length + r.violations.length;
  }
  process.exitCode = problems ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
