import tseslint from 'typescript-eslint';

const adapterLibraries = ['fastify', 'telegraf', 'whatsapp-web.js', 'bullmq', 'ioredis', 'pg', 'kysely'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', 'console/dist/**', 'test-results/**', '**/*.tmp.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any>, as Kysely recommends.
    files: ['db/migrations/**/*.ts', 'db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // core/ decides, adapters translate: the domain knows no transport, queue or database library.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: adapterLibraries.map((name) => ({ name, message: 'core/ must not import adapter libraries; define a port instead.' })),
          patterns: [
            { group: adapterLibraries.map((n) => `${n}/*`), message: 'core/ must not import adapter libraries.' },
            { group: ['../api/*', '../bots/*', '../queue/*', '../db/*', '../cli/*'], message: 'core/ must not import outer layers.' },
          ],
        },
      ],
    },
  },
);
