// typescript-eslint over src/ and test/, run by `npm test` (npm run lint).
// Beyond the recommended rules: every promise is awaited or handed on,
// type-only imports say so, and src/parallel/ (the pool, shared memory, the
// task channel) stays free of any algorithm: it may import only util/.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**', 'eslint.config.js', 'vitest.config.ts'] },
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
