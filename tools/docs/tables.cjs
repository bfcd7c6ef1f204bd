// The tables of docs/protocol.md and docs/api.md between `<!-- answers:<name> -->` and
// `<!-- /answers:<name> -->` are generated from docs/answers.json, the one machine-readable
// source of the documented answers. `node tools/docs/tables.cjs --write` regenerates them;
// without --write it exits 1 naming each stale table (tools/docs/test checks the same).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const DOCS = ['docs/protocol.md', 'docs/api.md'];
const STATUSES = ['created', 'live', 'ended'];

function loadAnswers() {
  return JSON.parse(readFileSync(join(root, 'docs/answers.json'), 'utf8'));
}

const code = (value) => (value === null ? '—' : `\`${value}\``);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** Each generated table by name, rendered from the answers. */
function renderTables(answers) {
  return {
    closeCodes: table(['close code', '`error.code` (JSON)', 'when'], answers.closeCodes.map((c) => [String(c.code), code(c.error), c.when])),
    frameErrors: table(['`error.code` (socket stays open)', 'when'], answers.frameErrors.map((e) => [code(e.error), e.when])),
    nackReasons: table(['JSON `reason`', 'proto `NackReason`', 'when'], answers.nackReasons.map((n) => [code(n.reason), code(n.proto), n.when])),
    danmakuRefusals: table(['status', '`error.code` (the nack reason)'], answers.nackReasons.map((n) => [String(n.http), code(n.reason)])),
    upgradeRefusals: table(['status', '`error.code`', '`error.field`', 'when'], answers.upgradeRefusals.map((u) => [String(u.status), code(u.code), code(u.field), u.when])),
    roomStates: table(
      ['route', ...STATUSES],
      answers.roomStates.map((r) => [`\`${r.route}\``, ...STATUSES.map((status) => (r.allowed.includes(status) ? 'yes' : '409 `room_' + status + '`'))]),
    ),
  };
}

/** The document with every generated block replaced; throws for a block the answers do not have. */
function applyTables(markdown, tables) {
  return markdown.replace(/<!-- answers:(\w+) -->\n[\s\S]*?<!-- \/answers:\1 -->/g, (_, name) => {
    if (!(name in tables)) throw new Error(`no table ${name} in docs/answers.json`);
    return `<!-- answers:${name} -->\n${tables[name]}\n<!-- /answers:${name} -->`;
  });
}

/** The documents whose generated tables differ from what the answers give. */
function staleDocs(answers = loadAnswers()) {
  const tables = renderTables(answers);
  return DOCS.filter((doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    return applyTables(text, tables) !== text;
  });
}

module.exports = { DOCS, loadAnswers, renderTables, applyTables, staleDocs };

if (require.main === module) {
  const tables = renderTables(loadAnswers());
  if (process.argv.includes('--write')) {
    for (const doc of DOCS) writeFileSync(join(root, doc), applyTables(readFileSync(join(root, doc), 'utf8'), tables));
  } else {
    const stale = staleDocs();
    if (stale.length) {
      console.error(`stale generated tables in ${stale.join(', ')}: run node tools/docs/tables.cjs --write`);
      process.exit(1);
    }
  }
}
