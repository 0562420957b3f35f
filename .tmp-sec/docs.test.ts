import { it } from 'vitest';
import { createTestApp } from '../test/support/app.ts';
it('x', async () => {
  const t = await createTestApp();
  for (const u of ['/docs', '/docs/', '/docs/static/index.html', '/docs/index.html']) {
    const r = await t.app.inject(u); console.log(u, r.statusCode, r.headers.location, r.headers['content-type'], String(r.headers['content-security-policy']).slice(0, 60));
  }
  await t.close();
});
