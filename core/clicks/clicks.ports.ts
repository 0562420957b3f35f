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
}

/** A sink for click events: resolves once the click is durably queued. */
export interface ClickSink {
  enqueue(click: ClickEvent): Promise<void>;
}
