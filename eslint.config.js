import js from '@eslint/js'
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import house from './scripts/eslint-layers.mjs'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'fixtures/**',
      'templates/**',
      '.bench-tmp/**',
      '.scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    plugins: {'import-x': importX, house},
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({project: './tsconfig.json'})],
    },
    rules: {
      // Layers and circles: the rules of the house (README › Architecture).
      'house/layers': 'error',
      'import-x/no-cycle': ['error', {maxDepth: Infinity, ignoreExternal: true}],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
      '@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
      // Parsers of binary and terminal text match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Every package a file imports is declared in package.json, not merely present because something else needs it.
    rules: {'import-x/no-extraneous-dependencies': ['error', {devDependencies: true, includeTypes: true}]},
  },
  {
    // What ships runs with `npm ci --omit=dev`: it may import only what package.json lists in dependencies (type-only
    // imports are erased by tsc, so they may name a devDependency). .ci/run installs without dev dependencies to prove it.
    files: ['src/**', 'bin/**'],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        {devDependencies: false, optionalDependencies: false, peerDependencies: false, includeTypes: false},
      ],
    },
  },
)
