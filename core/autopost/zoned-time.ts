/** Wall-clock time in an IANA time zone, without a library: Intl knows every zone's offsets. */

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    FORMATS.set(timeZone, format);
  }
  return format;
}

/** True when `timeZone` is a zone Intl knows ("Europe/Warsaw", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.length > 64) return false;
  try {
    formatOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date ("2026-12-06") and minute of the day at an instant in a zone. */
export function localTime(at: Date, timeZone: string): { date: string; minute: number } {
  const parts = Object.fromEntries(formatOf(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function offsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(formatOf(timeZone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local date and minute of the day names in a zone (a time the clocks skip, on a
 * spring-forward night, lands an hour off; one a year, for a posting time, is harmless).
 */
export function zonedInstant(date: string, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60);
  const guess = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(guess, timeZone));
}

/** The local date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
