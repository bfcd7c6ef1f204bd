// Renders a batch of cases for the chart tests, once over one scratch copy of helm/:
//   node tools/helm/render.mjs CASES.json RESULTS.json
// CASES: [{ chart = "ovation", args = [], existingSecret = "" }]; each result is
// `{ ok, output, objects, validation, violations, env }` (the rest when it rendered; env: each
// Deployment's first container's environment as its stand-in pod would see it, env.cjs).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { prepareCharts, render, UMBRELLA } from './charts.mjs';
import { renderedLookup, resolveEnv, standInPod } from './env.cjs';
import { checkPolicy } from './policy.mjs';
import { validateObjects } from './validate.mjs';

const [casesFile, resultsFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
const chartsDir = prepareCharts();
try {
  const results = [];
  for (const { chart = UMBRELLA, args = [], existingSecret = '' } of cases) {
    const rendered = render(chartsDir, chart, args);
    if (!rendered.ok) {
      results.push(rendered);
      continue;
    }
    const lookup = renderedLookup(rendered.objects);
    const deployments = rendered.objects.filter((o) => o.kind === 'Deployment');
    const env = Object.fromEntries(deployments.map((d) => [d.metadata.name, resolveEnv(d.spec.template.spec.containers[0], standInPod(d), lookup).env]));
    results.push({ ...rendered, validation: await validateObjects(rendered.objects), violations: checkPolicy(rendered.objects, existingSecret), env });
  }
  writeFileSync(resultsFile, JSON.stringify(results));
} finally {
  rmSync(dirname(chartsDir), { recursive: true, force: true });
}
