// typescript-eslint over src/ and test/, and core rules over scripts/ and bench/, run by `npm test` (npm run lint).
// Beyond the recommended rules: every promise is awaited or handed on,
// type-only imports say so, and src/parallel/ (the pool, shared memory, the
// task channel) stays free of any algorithm: it may import only util/.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/.data/**', 'eslint.config.js', 'vitest.config.ts'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // the scripts and the benchmark (plain ES modules run by node): the mistakes a type checker would catch first
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        WebAssembly: 'readonly',
      },
    },
    rules: {
      'no-undef': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-unreachable': 'error',
      'no-dupe-keys': 'error',
      'no-const-assign': 'error',
      'no-self-assign': 'error',
      'no-unsafe-finally': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['src/parallel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!util/)',
              message:
                'src/parallel/ holds only what knows no algorithm: it may import ../util/ and itself, nothing else',
            },
          ],
        },
      ],
    },
  },
);
