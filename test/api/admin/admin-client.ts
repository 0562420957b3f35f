import crypto from 'node:crypto';
import { createAdmin, createApiToken } from '../../support/admins.ts';
import type { AdminRole } from '../../../db/schema.ts';
import type { TestApp } from '../../support/app.ts';

export interface AdminClient {
  readonly id: string;
  readonly token: string;
  // Tests read answers loosely and assert their shape with expect().
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: T; headers: Record<string, unknown> }>;
}

/** An admin of the given role with a fresh API token, calling /api/v1/admin through inject. */
export async function adminClient(t: TestApp, role: AdminRole = 'admin', vendorId?: string): Promise<AdminClient> {
  const admin = await createAdmin(t.database.db, {
    email: `${role}-${crypto.randomBytes(4).toString('hex')}@dealcast.test`, password: 'correct horse battery', role, vendorId,
  });
  const token = await createApiToken(t.database.db, admin.id, 'test');
  return {
    id: admin.id,
    token,
    async call(method, url, body) {
      const response = await t.app.inject({
        method, url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, json: response.json(), headers: response.headers };
    },
  };
}
