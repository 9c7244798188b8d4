import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Session } from '../session';
import { ContributionChart } from './ContributionChart';
import { daySeries, epochSeries, reputationSeries, tierOfLevel, tierSeries, TIERS, type TimePoint } from './node-series';
import { useOperatorView } from './use-operator-view';

const timeTick = (at: number) => new Date(at).toLocaleTimeString();

/** Contribution per epoch and per day, and reputation and tier over time, as charts. */
export function NodeHistory({ session }: { session: Session }) {
  const { data, error } = useOperatorView(session, 'history', (c) => c.GET('/v1/operator/node/history'));
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">History</h1>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p aria-live="polite">Loading…</p>}
      {data && (
        <div className="charts">
          <section aria-labelledby="epochs-title" className="card">
            <h2 id="epochs-title">Contribution per epoch</h2>
            <ContributionChart points={epochSeries(data.epochs)} />
          </section>
          <section aria-labelledby="days-title" className="card">
            <h2 id="days-title">Leases per day</h2>
            <DaysChart days={daySeries(data.days)} />
          </section>
          <section aria-labelledby="reputation-title" className="card">
            <h2 id="reputation-title">Reputation over time</h2>
            <TimeChart points={reputationSeries(data.reputation)} name="score" domain={[0, 1]} empty="Not scored yet." />
          </section>
          <section aria-labelledby="tier-title" className="card">
            <h2 id="tier-title">Tier over time</h2>
            <TimeChart points={tierSeries(data.tiers)} name="tier" domain={[1, TIERS.length]} ticks={TIERS.map((_, i) => i + 1)} tickFormatter={tierOfLevel} step empty="Not ranked yet." />
          </section>
        </div>
      )}
    </section>
  );
}

function DaysChart({ days }: { days: ReturnType<typeof daySeries> }) {
  if (days.length === 0) return <p>No leases yet.</p>;
  return (
    <figure aria-label={`Leases over ${days.length} days`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={days} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="verified" name="verified" fill="#15803d" isAnimationActive={false} />
          <Bar dataKey="failed" name="failed" fill="#b91c1c" isAnimationActive={false} />
          <Bar dataKey="cancelled" name="closed with their job" fill="#6b7280" isAnimationActive={false} />
          <Bar dataKey="completed" name="completed" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption>Per UTC day: leases completed, verified, failed, and closed because their job no longer needed them.</figcaption>
    </figure>
  );
}

interface TimeChartProps {
  points: TimePoint[];
  name: string;
  domain: [number, number];
  ticks?: number[];
  tickFormatter?: (value: number) => string;
  step?: boolean;
  empty: string;
}

function TimeChart({ points, name, domain, ticks, tickFormatter, step, empty }: TimeChartProps) {
  if (points.length === 0) return <p>{empty}</p>;
  const last = points[points.length - 1]!;
  const changes = `${points.length} ${points.length === 1 ? 'change' : 'changes'}`;
  return (
    <figure aria-label={`${name} over time: ${changes}, now ${last.label}`}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={timeTick} />
          <YAxis domain={domain} width={tickFormatter ? 76 : 48} {...(ticks && { ticks })} {...(tickFormatter && { tickFormatter })} />
          <Tooltip labelFormatter={(at) => new Date(Number(at)).toLocaleString()} formatter={(_value, _name, item) => [(item.payload as TimePoint).label, name]} />
          <Line type={step ? 'stepAfter' : 'monotone'} dataKey="value" name={name} stroke="#7c3aed" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        Now {last.label}, after {changes}.
      </figcaption>
    </figure>
  );
}
