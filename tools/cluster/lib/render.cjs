// The umbrella chart rendered as the harness runs it: tools/cluster/values.yaml, then the run's
// own isolation (Kafka namespace, Redis key prefix, one database per service), then the caller's
// values files, through the same offline helm the chart checks use.
'use strict';

const { rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');

const MYSQL_SERVICES = ['room', 'gift', 'danmaku-push'];

/** The run's isolation values: what keeps two runs (or a run and a dev fleet) apart on shared servers. */
function isolationValues(namespace, mysqlDatabaseOf) {
  const lines = ['global:', '  kafka:', `    namespace: ${namespace}`, '  redis:', `    keyPrefix: "${namespace}:"`];
  for (const service of MYSQL_SERVICES) lines.push(`${service}:`, `  mysqlDatabase: ${mysqlDatabaseOf(service)}`);
  return `${lines.join('\n')}\n`;
}

/** Database name of a service in run `namespace` (what stop() drops). */
function mysqlDatabaseOf(namespace) {
  return (service) => `ovation_${service.replace('-', '_')}_${namespace}`;
}

async function renderChart({ root, runDir, namespace, valuesFiles = [] }) {
  const { prepareCharts, template } = await import(pathToFileURL(join(root, 'tools/helm/charts.mjs')).href);
  const isolation = join(runDir, 'isolation-values.yaml');
  writeFileSync(isolation, isolationValues(namespace, mysqlDatabaseOf(namespace)));
  const charts = prepareCharts();
  try {
    return template(charts, [join(root, 'tools/cluster/values.yaml'), isolation, ...valuesFiles].flatMap((file) => ['--values', file]));
  } finally {
    rmSync(dirname(charts), { recursive: true, force: true });
  }
}

module.exports = { renderChart, mysqlDatabaseOf, MYSQL_SERVICES };
