import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint } from '../chart-data';

/** Training loss and accuracy by step, with the same points as a table for screen readers and copying. */
export function LossCurves({ curve }: { curve: CurvePoint[] }) {
  return (
    <section aria-labelledby="curves-title" className="card">
      <h2 id="curves-title">Training loss and accuracy</h2>
      {curve.length === 0 ? (
        <p>No training steps yet.</p>
      ) : (
        <>
          <figure aria-label={`Loss and accuracy over ${curve.length} steps`} data-points={curve.length}>
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={curve} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" label={{ value: 'step', position: 'insideBottomRight', offset: -4 }} />
                <YAxis yAxisId="loss" />
                <YAxis yAxisId="accuracy" orientation="right" domain={[0, 1]} />
                <Tooltip />
                <Legend />
                <Line yAxisId="loss" type="monotone" dataKey="loss" name="loss" stroke="#c2410c" dot isAnimationActive={false} />
                <Line yAxisId="accuracy" type="monotone" dataKey="accuracy" name="accuracy" stroke="#1d4ed8" dot isAnimationActive={false} connectNulls />
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <details>
            <summary>The {curve.length} steps as a table</summary>
            <table>
              <caption>Loss and accuracy of each training step</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Loss</th>
                  <th scope="col">Accuracy</th>
                </tr>
              </thead>
              <tbody>
                {curve.map((p) => (
                  <tr key={p.step}>
                    <th scope="row">{p.step}</th>
                    <td>{p.loss}</td>
                    <td>{p.accuracy ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
