import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Who may import whom. Apps compose libs; feature libs hold a service's use cases and persistence;
// platform libs are cross-cutting infrastructure; domain libs are pure logic (no framework, no
// transport, no I/O) so they are testable alone.
const transportPackages = ['@nestjs/*', '@grpc/*', 'kafkajs', 'ioredis', 'typeorm', 'mysql2', 'express', 'ws'];

const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:domain', 'type:contracts', 'type:testing', 'type:shared'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:domain', 'type:contracts', 'type:shared'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:shared'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:platform', 'type:shared', 'type:domain'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:shared'], bannedExternalImports: transportPackages },
  // Repository tooling (chart checks, the cluster harness, the docs' answers) reads the libs it checks.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:platform', 'type:shared', 'type:domain'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared'] },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/contracts/src/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'tmp/**', '.ovation/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests of any project may use the shared fixtures; production code never may.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@ovation/testing'],
          depConstraints,
        },
      ],
    },
  },
);
