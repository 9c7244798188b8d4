import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochPoint } from './node-series';

/** Fragments accepted and CXT earned per epoch, as bars on two axes. */
export function ContributionChart({ points, height = 260 }: { points: EpochPoint[]; height?: number }) {
  if (points.length === 0) return <p>No rewarded work yet.</p>;
  const fragments = points.reduce((sum, p) => sum + p.fragments, 0);
  return (
    <figure aria-label={`Contribution over ${points.length} epochs: ${fragments} fragments rewarded`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" />
          <YAxis yAxisId="fragments" allowDecimals={false} />
          <YAxis yAxisId="rewards" orientation="right" />
          <Tooltip />
          <Legend />
          <Bar yAxisId="fragments" dataKey="fragments" name="fragments" fill="#1d4ed8" isAnimationActive={false} />
          <Bar yAxisId="rewards" dataKey="rewards" name="CXT earned" fill="#15803d" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption>Per epoch: fragments accepted (left axis) and CXT earned (right axis).</figcaption>
    </figure>
  );
}
