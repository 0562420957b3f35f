import type { RequestFlag } from './click-flags.ts';

/** What the redirect knows about a click at the moment it happens. */
export interface ClickEvent {
  id: string;
  linkId: string;
  influencerId: string;
  productId: string;
  clickedAt: string;
  visitorId: string;
  ipHash: string | null;
  userAgent: string | null;
  referer: string | null;
  /**
   * What the request itself showed that keeps the click from counting, decided at the redirect
   * on what is never stored (the raw address, the headers, the owner mark; see
   * core/clicks/request-signals.ts); null or absent (clicks queued before it existed): nothing.
   */
  requestFlag?: RequestFlag | null;
}

/** A sink for click events: resolves once the click is durably queued. */
export interface ClickSink {
  enqueue(click: ClickEvent): Promise<void>;
}

/** What a short link leads to: the ids a click records and the product a preview shows. */
export interface RedirectTarget {
  linkId: string;
  influencerId: string;
  productId: string;
  url: string;
  title: string;
  description: string | null;
  imageUrl: string | null;
  /** Integer minor units of `currency`. */
  price: number;
  currency: string;
}

/** The redirect's source of truth behind its caches (PostgreSQL, in db/redirect.repository.ts). */
export interface RedirectTargetStore {
  /** The target of the link with this short code, or undefined when no link has it. */
  findRedirectTarget(code: string): Promise<RedirectTarget | undefined>;
}
