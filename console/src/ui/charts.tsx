import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartData, type ChartOptions,
} from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { formatMoney, formatNumber } from './format.ts';

// Only what the console draws is registered, so the bundle carries only those parts of Chart.js.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export const PALETTE = ['#e4572e', '#17bebb', '#ffc914', '#2e282a', '#76b041', '#8e7dbe', '#f49d6e', '#4062bb'];

export interface Series {
  label: string;
  values: number[];
  color?: string;
}

/** A click on a bar or point: the index of the label, so the page can open the rows behind it. */
export type PointClick = (index: number) => void;

const base = (onPick?: PointClick): ChartOptions<'bar' | 'line'> => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
  onClick: onPick ? (_event, elements) => { const first = elements[0]; if (first) onPick(first.index); } : undefined,
  onHover: onPick ? (event, elements) => { const target = event.native?.target as HTMLElement | undefined; if (target) target.style.cursor = elements.length ? 'pointer' : 'default'; } : undefined,
});

/** Stacked bars by day (clicks counted versus filtered). */
export function StackedBars({ labels, series, onPick, label }: { labels: string[]; series: Series[]; onPick?: PointClick; label: string }) {
  const data: ChartData<'bar'> = { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: s.color ?? PALETTE[i % PALETTE.length], stack: 'one' })) };
  const options = base(onPick) as ChartOptions<'bar'>;
  options.scales = { x: { stacked: true, grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } };
  options.plugins = { ...options.plugins, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? 0)}` } } };
  return <div className="chart" role="img" aria-label={label}><Bar data={data} options={options} /></div>;
}

/** A money line by day; values are minor units, tooltips show the exact amount in the currency. */
export function MoneyLine({ labels, series, currency, onPick, label }: { labels: string[]; series: Series[]; currency: string; onPick?: PointClick; label: string }) {
  const data: ChartData<'line'> = {
    labels,
    datasets: series.map((s, i) => ({ label: s.label, data: s.values, borderColor: s.color ?? PALETTE[i % PALETTE.length], backgroundColor: `${s.color ?? PALETTE[i % PALETTE.length]}33`, fill: true, tension: 0.25, pointRadius: 2 })),
  };
  const options = base(onPick) as ChartOptions<'line'>;
  options.scales = { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { callback: (value) => formatMoney(Math.round(Number(value)), currency) } } };
  options.plugins = { ...options.plugins, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatMoney(Math.round(item.parsed.y ?? 0), currency)}` } } };
  return <div className="chart" role="img" aria-label={label}><Line data={data} options={options} /></div>;
}

/** Horizontal bars (channel or country split). */
export function SplitBars({ labels, series, onPick, label, format = formatNumber }: { labels: string[]; series: Series[]; onPick?: PointClick; label: string; format?: (n: number) => string }) {
  const data: ChartData<'bar'> = { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: s.color ?? PALETTE[i % PALETTE.length] })) };
  const options = base(onPick) as ChartOptions<'bar'>;
  options.indexAxis = 'y';
  options.scales = { x: { beginAtZero: true, ticks: { callback: (value) => format(Number(value)) } }, y: { grid: { display: false } } };
  options.plugins = { ...options.plugins, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(item.parsed.x ?? 0)}` } } };
  return <div className="chart chart-short" role="img" aria-label={label}><Bar data={data} options={options} /></div>;
}

/** A tiny inline trend for a leaderboard row (SVG, no axes). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 80;
  const height = 20;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke={PALETTE[0]} strokeWidth="1.5" />
    </svg>
  );
}
