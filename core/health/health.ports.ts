/** Whether the database answers, for `/readyz` (implemented in db/connect.ts). */
export interface DatabaseProbe {
  /** True when a trivial query succeeds; false (never a rejection) when it fails. The caller bounds the wait. */
  isReachable(): Promise<boolean>;
}
