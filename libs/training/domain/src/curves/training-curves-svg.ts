import { escapeXml, label, linear, niceTicks, px, text } from './svg-parts';

/** One training step as the curves show it. */
export interface CurvePoint {
  step: number;
  loss: number;
  /** Held-out accuracy, 0..1. */
  accuracy?: number;
  /** Updates the robust rule rejected in the step. */
  rejected: number;
  /** Fragments dropped at the step deadline. */
  stragglers?: number;
}

const W = 760;
const LEFT = 70;
const RIGHT = 690;
const TOP = { y0: 60, y1: 290 };
const BOTTOM = { y0: 340, y1: 450 };
const COLORS = { loss: '#1f77b4', accuracy: '#2ca02c', rejected: '#d62728', stragglers: '#ff7f0e', axis: '#333', grid: '#ddd' };

/**
 * Training curves as a self-contained SVG: loss (left axis) and held-out accuracy (right axis, %)
 * over steps in the top panel; rejected updates (and stragglers) per step as bars below; title,
 * axis ticks and labels, legend. Text is escaped; one polyline vertex per step.
 */
export function trainingCurvesSvg(points: readonly CurvePoint[], options: { title?: string } = {}): string {
  const title = options.title ?? 'Training curves';
  const sorted = [...points].sort((a, b) => a.step - b.step);
  const body = sorted.length === 0 ? [text(W / 2, 250, 'no steps yet', 'text-anchor="middle" fill="#666"')] : panels(sorted);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="520" viewBox="0 0 ${W} 520" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="520" fill="#fff"/>`,
    text(W / 2, 30, title, 'text-anchor="middle" font-size="16" font-weight="bold"'),
    ...body,
    '</svg>',
  ].join('\n');
}

function panels(points: readonly CurvePoint[]): string[] {
  const steps = points.map((p) => p.step);
  const x = linear([Math.min(...steps), Math.max(...steps)], [LEFT + 10, RIGHT - 10]);
  return [...topPanel(points, x), ...bottomPanel(points, x), ...legend()];
}

function topPanel(points: readonly CurvePoint[], x: (v: number) => number): string[] {
  const losses = points.map((p) => p.loss).filter(Number.isFinite);
  const lossTicks = niceTicks(Math.min(0, ...losses), Math.max(...losses, 1e-9));
  const yLoss = linear([lossTicks[0], lossTicks[lossTicks.length - 1]], [TOP.y1, TOP.y0]);
  const yAcc = linear([0, 1], [TOP.y1, TOP.y0]);
  const withAccuracy = points.filter((p) => p.accuracy !== undefined);
  return [
    frame(TOP),
    ...lossTicks.map((t) => gridLine(yLoss(t)) + text(LEFT - 6, yLoss(t) + 4, label(t), 'text-anchor="end"')),
    ...[0, 0.25, 0.5, 0.75, 1].map((t) => text(RIGHT + 6, yAcc(t) + 4, `${t * 100}%`)),
    text(18, (TOP.y0 + TOP.y1) / 2, 'loss', `transform="rotate(-90 18 ${(TOP.y0 + TOP.y1) / 2})" text-anchor="middle" fill="${COLORS.loss}"`),
    text(W - 14, (TOP.y0 + TOP.y1) / 2, 'held-out accuracy', `transform="rotate(90 ${W - 14} ${(TOP.y0 + TOP.y1) / 2})" text-anchor="middle" fill="${COLORS.accuracy}"`),
    ...stepAxis(points, x, TOP.y1),
    polyline('loss', points.filter((p) => Number.isFinite(p.loss)).map((p) => [x(p.step), yLoss(p.loss)]), COLORS.loss),
    polyline('accuracy', withAccuracy.map((p) => [x(p.step), yAcc(p.accuracy as number)]), COLORS.accuracy),
  ];
}

function bottomPanel(points: readonly CurvePoint[], x: (v: number) => number): string[] {
  const most = Math.max(1, ...points.map((p) => p.rejected + (p.stragglers ?? 0)));
  const ticks = niceTicks(0, most, Math.min(4, most)).filter((t) => Number.isInteger(t));
  const y = linear([0, ticks[ticks.length - 1]], [BOTTOM.y1, BOTTOM.y0]);
  const barWidth = Math.max(2, Math.min(24, ((RIGHT - LEFT - 20) / points.length) * 0.6));
  const bars = points.flatMap((p) => {
    const rejectedTop = y(p.rejected);
    const out = [bar(x(p.step), rejectedTop, BOTTOM.y1, barWidth, COLORS.rejected, `step ${p.step}: ${p.rejected} rejected`)];
    if (p.stragglers) out.push(bar(x(p.step), y(p.rejected + p.stragglers), rejectedTop, barWidth, COLORS.stragglers, `step ${p.step}: ${p.stragglers} stragglers`));
    return out;
  });
  return [
    frame(BOTTOM),
    ...ticks.map((t) => gridLine(y(t)) + text(LEFT - 6, y(t) + 4, label(t), 'text-anchor="end"')),
    text(18, (BOTTOM.y0 + BOTTOM.y1) / 2, 'updates', `transform="rotate(-90 18 ${(BOTTOM.y0 + BOTTOM.y1) / 2})" text-anchor="middle"`),
    ...stepAxis(points, x, BOTTOM.y1),
    text((LEFT + RIGHT) / 2, BOTTOM.y1 + 36, 'step', 'text-anchor="middle"'),
    `<g class="rejected">${bars.join('')}</g>`,
  ];
}

function stepAxis(points: readonly CurvePoint[], x: (v: number) => number, y: number): string[] {
  const steps = points.map((p) => p.step);
  const ticks = niceTicks(Math.min(...steps), Math.max(...steps), Math.min(8, steps.length)).filter((t) => Number.isInteger(t) && t >= steps[0] && t <= steps[steps.length - 1]);
  return ticks.map((t) => `<line x1="${px(x(t))}" y1="${px(y)}" x2="${px(x(t))}" y2="${px(y + 5)}" stroke="${COLORS.axis}"/>` + text(x(t), y + 18, label(t), 'text-anchor="middle"'));
}

function legend(): string[] {
  const items: [string, string][] = [['loss', COLORS.loss], ['held-out accuracy', COLORS.accuracy], ['rejected updates', COLORS.rejected], ['stragglers', COLORS.stragglers]];
  return items.map(([name, color], i) => {
    const x0 = LEFT + i * 160;
    return `<rect x="${x0}" y="494" width="14" height="10" fill="${color}"/>` + text(x0 + 20, 503, name);
  });
}

const frame = (panel: { y0: number; y1: number }) =>
  `<rect x="${LEFT}" y="${panel.y0}" width="${RIGHT - LEFT}" height="${panel.y1 - panel.y0}" fill="none" stroke="${COLORS.axis}"/>`;
const gridLine = (y: number) => `<line x1="${LEFT}" y1="${px(y)}" x2="${RIGHT}" y2="${px(y)}" stroke="${COLORS.grid}"/>`;
const bar = (cx: number, top: number, bottom: number, width: number, color: string, tip: string) =>
  `<rect x="${px(cx - width / 2)}" y="${px(top)}" width="${px(width)}" height="${px(Math.max(0, bottom - top))}" fill="${color}"><title>${tip}</title></rect>`;

function polyline(name: string, vertices: [number, number][], color: string): string {
  const pointsAttr = vertices.map(([a, b]) => `${px(a)},${px(b)}`).join(' ');
  const dots = vertices.map(([a, b]) => `<circle cx="${px(a)}" cy="${px(b)}" r="2.5" fill="${color}"/>`).join('');
  return `<g class="${name}"><polyline points="${pointsAttr}" fill="none" stroke="${color}" stroke-width="2"/>${dots}</g>`;
}
