import fs from 'node:fs';
import { parseAddressRanges, type AddressRanges } from '../../core/clicks/address-ranges.ts';
import { DATA_CENTRE_RANGES_FILE } from '../../core/clicks/request-signals.ts';

let shipped: AddressRanges | undefined;

/** The shipped data-centre ranges, read and parsed once per process (a few milliseconds, about 6,000 prefixes). */
export function shippedDataCentreRanges(): AddressRanges {
  shipped ??= parseAddressRanges(fs.readFileSync(DATA_CENTRE_RANGES_FILE, 'utf8'));
  return shipped;
}
