/** A page of a list, newest first, by keyset on id (never OFFSET: page 10,000 costs what page 1 costs). */
export interface PageQuery {
  limit: number;
  /** The last id of the previous page; the next page holds the ids below it. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** The id to continue after, or null on the last page. */
  nextAfter: string | null;
}

export interface TimeRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}
