const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatMegabytes(bytes: number): string {
  return `${integer.format(bytes / (1024 * 1024))} MB`;
}

export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** "PASS" or "FAIL": how the runner's summary and `verdict` mark a target. */
export function passOrFail(met: boolean): string {
  return met ? 'PASS' : 'FAIL';
}

/** "PASS target ≥ 0.70×" or "FAIL target ≥ 0.70×": targets are printed beside the figure, never enforced. */
export function verdict(met: boolean, target: string): string {
  return `${passOrFail(met)} target ${target}`;
}

/** A duration for people: "48 s", "6 min 05 s", "10 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${String(rest).padStart(2, '0')} s`;
}
