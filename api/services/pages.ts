import type { PageView } from '../../core/pages/exposure.ts';
import type { PageReads } from '../../core/pages/pages.ports.ts';

/**
 * What the public pages need (deal pages `/d/:code`, storefronts `/s/:handle`): their reads
 * and the view counter, built by cli/services/pages.services.ts.
 */
export interface PagesApi {
  readonly reads: PageReads;
  /** Counts a person's view once per visitor, page and day (core/pages/exposure.ts `recordPageView`); false for a repeat. */
  recordView(view: PageView): Promise<boolean>;
}
