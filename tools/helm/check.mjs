// The offline checks of helm/: lint every chart, render the umbrella with its default values and
// with each values file in helm/examples/, validate every rendered object against the Kubernetes
// and prometheus-operator schemas, and apply the platform policy (policy.mjs).
//   node tools/helm/check.mjs               human summary, exit 1 on any problem
//   node tools/helm/check.mjs --json FILE   the full report (objects included) for the tests
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chartNames, lint, prepareCharts, root, template } from './charts.mjs';
import { checkPolicy } from './policy.mjs';
import { validateObjects } from './validate.mjs';

const EXAMPLES = join(root, 'helm/examples');

export async function runChecks() {
  const chartsDir = prepareCharts();
  try {
    const lints = chartNames().map((chart) => ({ chart, ...lint(chartsDir, chart) }));
    const valueSets = [{ name: 'default', files: [] }].concat(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => ({ name: f.replace(/\.yaml$/, ''), files: [join(EXAMPLES, f)] })),
    );
    const renders = [];
    for (const { name, files } of valueSets) {
      const objects = template(chartsDir, files);
      const secret = objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0].env.find((e) => e.valueFrom?.secretKeyRef)?.valueFrom.secretKeyRef.name;
      renders.push({ name, objects, validation: await validateObjects(objects), violations: checkPolicy(objects, secret) });
    }
    return { lints, renders };
  } finally {
    rmSync(dirname(chartsDir), { recursive: true, force: true });
  }
}

const report = await runChecks();
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) {
  writeFileSync(process.argv[jsonAt + 1], JSON.stringify(report));
} else {
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
