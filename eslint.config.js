import tseslint from 'typescript-eslint';

const adapterLibraries = ['fastify', 'telegraf', 'whatsapp-web.js', 'bullmq', 'ioredis', 'pg', 'kysely'];

/**
 * The import rule of one top-level folder, as its README states it: the repo folders it must
 * not reach into, and the libraries that belong to other layers.
 */
function importRule(folder, { folders = [], libraries = [], why }) {
  return {
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: libraries.map((name) => ({ name, message: `${folder}/ must not import ${name}: ${why}` })),
        patterns: [
          ...(libraries.length ? [{ group: libraries.map((n) => `${n}/*`), message: `${folder}/ must not import these libraries: ${why}` }] : []),
          ...(folders.length ? [{ group: folders.map((f) => `**/${f}/**`), message: `${folder}/ must not import ${folders.join(', ')}: ${why}` }] : []),
        ],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', 'console/dist/**', 'console/dist.*/**', 'test-results/**', '**/*.tmp.ts'] },
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
  // Arrows point inward (each folder's README): core decides, adapters translate, cli wires.
  importRule('core', { folders: ['api', 'bots', 'queue', 'db', 'cli', 'console'], libraries: adapterLibraries, why: 'core/ knows no framework or outer layer; define a port instead' }),
  importRule('db', { folders: ['api', 'bots', 'queue', 'cli', 'console'], libraries: ['fastify', 'telegraf', 'whatsapp-web.js', 'bullmq'], why: 'db/ implements core ports with Kysely and nothing else' }),
  importRule('queue', { folders: ['api', 'bots', 'cli', 'console'], libraries: ['fastify', 'telegraf', 'whatsapp-web.js'], why: 'queue/ runs jobs on core and db; senders are handed in' }),
  importRule('bots', { folders: ['api', 'db', 'queue', 'cli', 'console'], libraries: ['fastify', 'bullmq', 'pg', 'kysely'], why: 'bots/ translate chat to core calls; stores are handed in by cli/' }),
  importRule('console', { folders: ['api', 'bots', 'queue', 'db', 'core', 'cli'], libraries: [...adapterLibraries, 'node:fs', 'node:crypto', 'node:child_process'], why: 'console/ is a browser app: it reaches the server over HTTP only (the public admin API)' }),
  importRule('api', { folders: ['db', 'bots', 'cli', 'console'], libraries: ['telegraf', 'whatsapp-web.js', 'kysely', 'pg', 'bullmq'], why: 'api/ is the HTTP adapter: it gets core services built by cli/, never the database, and the bot engine only through cli/ wiring' }),
);
