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

/** "✓ target ≥ 0.70×" or "✗ target ≥ 0.70×": targets are printed beside the figure, never enforced. */
export function verdict(met: boolean, target: string): string {
  return `${met ? '✓' : '✗'} target ${target}`;
}
