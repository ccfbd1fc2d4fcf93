// Lint configuration: typescript-eslint's recommended rules over src, bench and test, and the
// import directions between src/ folders (scripts/lint/layers.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/lint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', 'bench/.cache/**', 'test/.output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      'no-cond-assign': ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], plugins: { ltds: layersPlugin }, rules: { 'ltds/layers': 'error' } },
);
