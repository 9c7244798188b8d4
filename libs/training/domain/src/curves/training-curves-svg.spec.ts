import { trainingCurvesSvg, type CurvePoint } from './training-curves-svg';
import { niceTicks } from './svg-parts';

/** A small well-formedness check: balanced tags, quoted attributes, known entities only. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:lt|gt|amp|quot|apos);)/g;
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    if (m[0] === '<' || m[0] === '&') throw new Error(`stray ${m[0]} at ${m.index}: ${xml.slice(m.index, (m.index ?? 0) + 40)}`);
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}> at ${m.index}`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}

const points: CurvePoint[] = Array.from({ length: 12 }, (_, step) => ({
  step,
  loss: 1.2 * Math.exp(-step / 4),
  accuracy: Math.min(0.97, 0.4 + step * 0.06),
  rejected: step % 3 === 0 ? 2 : 1,
  stragglers: step === 5 ? 1 : 0,
}));

const vertices = (svg: string, group: string) => {
  const m = svg.match(new RegExp(`<g class="${group}"><polyline points="([^"]*)"`));
  return m ? m[1].split(' ').filter(Boolean) : [];
};

describe('trainingCurvesSvg', () => {
  it('is a well-formed, self-contained SVG with title, axes and legend', () => {
    const svg = trainingCurvesSvg(points, { title: 'Job 42' });
    expect(() => assertWellFormedXml(svg)).not.toThrow();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/href=|<script|@import/);
    for (const words of ['Job 42', 'loss', 'held-out accuracy', 'rejected updates', 'stragglers', 'step', '100%']) expect(svg).toContain(`>${words}<`);
  });

  it('draws one loss and one accuracy point per step, and one rejected bar per step', () => {
    const svg = trainingCurvesSvg(points);
    expect(vertices(svg, 'loss')).toHaveLength(12);
    expect(vertices(svg, 'accuracy')).toHaveLength(12);
    expect(svg.match(/<title>step \d+: \d+ rejected<\/title>/g)).toHaveLength(12);
    expect(svg.match(/<title>step 5: 1 stragglers<\/title>/g)).toHaveLength(1);
  });

  it('places higher accuracy higher on the chart', () => {
    const ys = vertices(trainingCurvesSvg(points), 'accuracy').map((p) => Number(p.split(',')[1]));
    expect(ys[11]).toBeLessThan(ys[0]);
  });

  it('leaves out accuracy for steps that have none', () => {
    const svg = trainingCurvesSvg(points.map((p) => (p.step < 4 ? { ...p, accuracy: undefined } : p)));
    expect(vertices(svg, 'accuracy')).toHaveLength(8);
  });

  it('escapes the title', () => {
    const svg = trainingCurvesSvg(points, { title: 'a <b> & "c"' });
    expect(() => assertWellFormedXml(svg)).not.toThrow();
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
  });

  it('renders an empty chart for a job without steps', () => {
    const svg = trainingCurvesSvg([]);
    expect(() => assertWellFormedXml(svg)).not.toThrow();
    expect(svg).toContain('no steps yet');
  });

  it('is deterministic', () => {
    expect(trainingCurvesSvg(points)).toBe(trainingCurvesSvg([...points].reverse()));
  });
});

describe('niceTicks', () => {
  it('gives round steps from at or below the minimum to at or above the maximum', () => {
    expect(niceTicks(0, 1.2)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 11, 8)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});
