import { sql, type RawBuilder } from 'kysely';

/**
 * The deal events of a product write, as one SELECT to insert into `deal_events` in the write's
 * own statement: `WITH written AS (INSERT … ON CONFLICT … / UPDATE … RETURNING id, price, currency,
 * active, inserted), events AS (INSERT INTO deal_events (…) <this>) SELECT … FROM written`.
 * `products` read here is the table as it was before the statement (every part of one statement
 * sees the same snapshot), so it holds each updated product's last price; a product inserted by
 * the statement is not in it. This is core/alerts/deal-alerts.ts `dealEventOf`, set-based: a new
 * active product is `new_product`; an active product whose price fell in the same currency is
 * `price_drop`, with the old price. One join on the primary key: a bulk upsert pays one index
 * probe per row written, and an insert per event.
 */
export function dealEventsOfWritten(): RawBuilder<unknown> {
  return sql`
    SELECT w.id, CASE WHEN w.inserted THEN 'new_product' ELSE 'price_drop' END, CASE WHEN w.inserted THEN NULL ELSE before.price END, w.price, w.currency
    FROM written w LEFT JOIN products before ON before.id = w.id AND NOT w.inserted
    WHERE w.active AND (w.inserted OR (before.currency = w.currency AND w.price < before.price))`;
}

export const DEAL_EVENT_COLUMNS = ['product_id', 'kind', 'old_price', 'new_price', 'currency'] as const;
