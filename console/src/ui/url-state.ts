import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A page's filters live in the URL (one filter bar per page, shareable and kept on reload):
 * `const [filters, setFilters] = useUrlFilters(['from', 'to', 'brandId'])`.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], defaults: Partial<Record<K, string>> = {}) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const out = {} as Record<K, string | undefined>;
    for (const key of keys) out[key] = params.get(key) ?? defaults[key] ?? undefined;
    return out;
  }, [params, keys.join(',')]);
  const setFilters = useCallback((patch: Partial<Record<K, string | undefined | null>>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(patch) as [string, string | undefined | null][]) {
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      return next;
    }, { replace: true });
  }, [setParams]);
  return [filters, setFilters] as const;
}

/** The ISO instant at the start of the day `daysAgo` days back, in the browser's time zone. */
export function daysAgoIso(daysAgo: number): string {
  const date = new Date();
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() - daysAgo);
  return date.toISOString();
}

/** A `<input type="date">` value (local day) → ISO instant at that day's start (or end, for `to`). */
export function dayInputToIso(value: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (edge === 'end') date.setDate(date.getDate() + 1);
  return date.toISOString();
}

export function isoToDayInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
