import { readFileSync } from 'node:fs';
import path from 'node:path';
import { historyOf, performanceOf, scoreOf } from './components';
import { COMPONENT_WEIGHTS, TIER_THRESHOLDS } from './rules';

const docs = readFileSync(path.resolve(__dirname, '../../../../docs/reputation.md'), 'utf8');
const w = (x: number): string => x.toFixed(2);

describe('docs/reputation.md', () => {
  it('prints the weights the score uses', () => {
    const c = COMPONENT_WEIGHTS;
    const formula = `score = ( ${w(c.performance)}·performance + ${w(c.uptime)}·uptime + ${w(c.latency)}·latency + ${w(c.load)}·load + ${w(c.history)}·history ) × violations`;
    expect(docs).toContain(formula);
  });

  it('prints the tier thresholds the tiers use', () => {
    const t = TIER_THRESHOLDS;
    expect(docs).toContain(`| \`elite\` | ≥ ${t.elite.gflops} | ≥ ${t.elite.score} | ≥ ${t.elite.verified} |`);
    expect(docs).toContain(`| \`pro\` | ≥ ${t.pro.gflops} | ≥ ${t.pro.score} | ≥ ${t.pro.verified}, or ≥ ${t.pro.verifiedWithMinStake} with stake |`);
    expect(docs).toContain(`| \`standard\` | ≥ ${t.standard.gflops} | ≥ ${t.standard.score} |`);
    expect(docs).toContain(`| \`standard\` (by record) | any | ≥ ${t.standardByRecord.score} | ≥ ${t.standardByRecord.verified} |`);
  });

  it.each([1, 10, 50, 500])('prints the climb of a %p GFLOP/s node as the formulas compute it', (gflops) => {
    const scores = [0, 5, 20, 50, 100].map((verified) =>
      scoreOf({ performance: performanceOf(gflops), uptime: 1, latency: 1, load: 1, history: historyOf(verified, 0), violations: 1 }).toFixed(3),
    );
    expect(docs).toContain(`| ${gflops} | ${performanceOf(gflops).toFixed(2)} | ${scores.join(' | ')} |`);
  });
});
