// Every Nx project (a folder with project.json under apps/ or libs/) is a Jest project.
const fs = require('node:fs');
const path = require('node:path');
const { projectConfig, workspaceRoot } = require('./jest.preset');

function findProjects(dir) {
  if (!fs.existsSync(dir)) return [];
  const here = path.join(dir, 'project.json');
  if (fs.existsSync(here)) return [[dir, JSON.parse(fs.readFileSync(here, 'utf8')).name]];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && e.name !== 'src')
    .flatMap((e) => findProjects(path.join(dir, e.name)));
}

module.exports = {
  projects: ['apps', 'libs', 'tools'].flatMap((d) => findProjects(path.join(workspaceRoot, d))).map(([dir, name]) => projectConfig(dir, name)),
};
