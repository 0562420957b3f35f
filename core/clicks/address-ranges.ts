/**
 * A set of IPv4 and IPv6 ranges (CIDR prefixes) that answers "is this address in one?" by binary
 * search over merged, sorted ranges, and reads the address text without allocating: it runs on
 * the redirect, once per click. IPv6 is compared on its first 64 bits (the network part): a
 * longer prefix matches its whole /64, which is one customer's subnet anyway.
 */
export interface AddressRanges {
  contains(address: string): boolean;
  /** How many merged ranges it holds, per family. */
  readonly size: { v4: number; v6: number };
}

/**
 * Builds the set from CIDR prefixes, one per line; blank lines and `#` comments are skipped.
 * A line that is not a prefix throws, naming it: the list ships with the code, so a bad line is
 * a bug to see at start-up, not a range silently missing.
 */
export function parseAddressRanges(text: string): AddressRanges {
  const v4: [number, number][] = [];
  const v6: [number, number, number, number][] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const slash = line.indexOf('/');
    const bits = slash < 0 ? Number.NaN : Number(line.slice(slash + 1));
    const base = line.slice(0, slash);
    if (Number.isInteger(bits) && bits >= 0 && bits <= 32 && !base.includes(':') && parseV4(base)) {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      const start = (parsedHi & mask) >>> 0;
      v4.push([start, (start | ~mask) >>> 0]);
    } else if (Number.isInteger(bits) && bits >= 0 && bits <= 128 && base.includes(':') && parseV6(base)) {
      const [hiMask, loMask] = maskOf64(Math.min(bits, 64));
      const hi = (parsedHi & hiMask) >>> 0;
      const lo = (parsedLo & loMask) >>> 0;
      v6.push([hi, lo, (hi | ~hiMask) >>> 0, (lo | ~loMask) >>> 0]);
    } else {
      throw new Error(`Address range list, line ${index + 1}: ${JSON.stringify(raw)} is not a CIDR prefix`);
    }
  }
  const four = mergeV4(v4);
  const six = mergeV6(v6);
  return {
    size: { v4: four.starts.length, v6: six.startHi.length },
    contains(address) {
      if (parseV4(address)) return inV4(four, parsedHi);
      if (!parseV6(address)) return false;
      // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
      if (mappedV4 >= 0) return inV4(four, mappedV4);
      return inV6(six, parsedHi, parsedLo);
    },
  };
}

// The parsers' results: module-level scratch instead of a returned object, so that a lookup allocates nothing.
let parsedHi = 0;
let parsedLo = 0;
let mappedV4 = -1;
const groups = new Uint16Array(8);

/** Dotted quad from `from` to `to` (exclusive) into `parsedHi`; false when it is not one. */
function parseV4(text: string, from = 0, to = text.length): boolean {
  let value = 0;
  let octet = -1;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (octet < 0 || dots === 3) return false;
      value = value * 256 + octet;
      octet = -1;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet < 0 ? c - 48 : octet * 10 + (c - 48);
      if (octet > 255) return false;
    } else {
      return false;
    }
  }
  if (octet < 0 || dots !== 3) return false;
  parsedHi = (value * 256 + octet) >>> 0;
  return true;
}

/** An IPv6 address (with `::`, a zone, or a dotted IPv4 tail) into `parsedHi`/`parsedLo` (its first 64 bits) and `mappedV4`. */
function parseV6(text: string): boolean {
  let end = text.indexOf('%');
  if (end < 0) end = text.length;
  groups.fill(0);
  mappedV4 = -1;
  let count = 0;
  let gap = -1;
  let value = -1;
  let digits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const hex = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (hex >= 0) {
      if (++digits > 4) return false;
      value = value < 0 ? hex : value * 16 + hex;
    } else if (c === 58) {
      if (value >= 0) {
        if (count === 8) return false;
        groups[count++] = value;
        value = -1;
        digits = 0;
      } else if (i !== 0) {
        return false;
      }
      if (i + 1 < end && text.charCodeAt(i + 1) === 58) {
        // "::": the zero groups go here.
        if (gap >= 0) return false;
        gap = count;
        i++;
      } else if (i === 0) {
        return false;
      }
    } else if (c === 46) {
      // A dotted IPv4 tail: the last two groups.
      const start = text.lastIndexOf(':', i) + 1;
      if (count > 6 || !parseV4(text, start, end)) return false;
      groups[count++] = parsedHi >>> 16;
      groups[count++] = parsedHi & 0xffff;
      value = -1;
      break;
    } else {
      return false;
    }
  }
  if (value >= 0) {
    if (count === 8) return false;
    groups[count++] = value;
  }
  if (gap >= 0) {
    if (count === 8) return false;
    const tail = count - gap;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  } else if (count !== 8) {
    return false;
  }
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    mappedV4 = ((groups[6]! << 16) | groups[7]!) >>> 0;
  }
  parsedHi = ((groups[0]! << 16) | groups[1]!) >>> 0;
  parsedLo = ((groups[2]! << 16) | groups[3]!) >>> 0;
  return true;
}

function maskOf64(bits: number): [number, number] {
  const hi = bits >= 32 ? 0xffffffff : bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const loBits = Math.max(bits - 32, 0);
  const lo = loBits >= 32 ? 0xffffffff : loBits === 0 ? 0 : (~0 << (32 - loBits)) >>> 0;
  return [hi, lo];
}

interface V4Set { starts: Uint32Array; ends: Uint32Array }
interface V6Set { startHi: Uint32Array; startLo: Uint32Array; endHi: Uint32Array; endLo: Uint32Array }

function mergeV4(ranges: [number, number][]): V4Set {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return { starts: Uint32Array.from(merged, (r) => r[0]), ends: Uint32Array.from(merged, (r) => r[1]) };
}

/** 64-bit values as (hi, lo) pairs: compared as hi * 2^32 + lo, exact in a double only up to 2^53, hence the pairs. */
const cmp64 = (aHi: number, aLo: number, bHi: number, bLo: number) => (aHi - bHi) || (aLo - bLo);

function mergeV6(ranges: [number, number, number, number][]): V6Set {
  ranges.sort((a, b) => cmp64(a[0], a[1], b[0], b[1]) || cmp64(a[2], a[3], b[2], b[3]));
  const merged: [number, number, number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && cmp64(r[0], r[1], last[2], last[3]) <= 0) {
      if (cmp64(r[2], r[3], last[2], last[3]) > 0) { last[2] = r[2]; last[3] = r[3]; }
    } else {
      merged.push([...r]);
    }
  }
  return {
    startHi: Uint32Array.from(merged, (r) => r[0]), startLo: Uint32Array.from(merged, (r) => r[1]),
    endHi: Uint32Array.from(merged, (r) => r[2]), endLo: Uint32Array.from(merged, (r) => r[3]),
  };
}

function inV4(set: V4Set, ip: number): boolean {
  let lo = 0;
  let hi = set.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (set.starts[mid]! <= ip) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && ip <= set.ends[hi]!;
}

function inV6(set: V6Set, ipHi: number, ipLo: number): boolean {
  let lo = 0;
  let hi = set.startHi.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp64(set.startHi[mid]!, set.startLo[mid]!, ipHi, ipLo) <= 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && cmp64(ipHi, ipLo, set.endHi[hi]!, set.endLo[hi]!) <= 0;
}
