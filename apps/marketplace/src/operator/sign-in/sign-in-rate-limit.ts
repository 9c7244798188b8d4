import type { Response } from 'express';
import type { RateLimiter } from '../../http/rate-limit';

/** Sign-in has no credential to count against yet: its bucket is the node's, and the answer says what is left (also on the 429). */
export function tellRateLimit(limiter: RateLimiter, key: string, res: Response): void {
  const tell = ({ limit, remaining, resetSeconds }: ReturnType<RateLimiter['state']>) =>
    res.setHeader('RateLimit-Limit', String(limit)).setHeader('RateLimit-Remaining', String(remaining)).setHeader('RateLimit-Reset', String(resetSeconds));
  try {
    tell(limiter.take(key));
  } catch (err) {
    tell(limiter.state(key));
    throw err;
  }
}
