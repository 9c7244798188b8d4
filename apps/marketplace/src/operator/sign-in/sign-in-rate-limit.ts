import type { Request, Response } from 'express';
import type { RateLimiter } from '../../http/rate-limit';

/**
 * Sign-in has no credential to count against yet: its bucket is the node's as asked from one
 * client address, so requests naming a node from elsewhere never spend its operator's sign-in.
 * The answer says what is left (also on the 429). The address is the connection's: behind a
 * reverse proxy every client shares the proxy's, and the bucket is the node's alone again.
 */
export function takeSignInToken(limiter: RateLimiter, nodeId: string, req: Request, res: Response): void {
  const key = `operator-sign-in:${nodeId}@${req.socket.remoteAddress ?? 'unknown'}`;
  const tell = ({ limit, remaining, resetSeconds }: ReturnType<RateLimiter['state']>) =>
    res.setHeader('RateLimit-Limit', String(limit)).setHeader('RateLimit-Remaining', String(remaining)).setHeader('RateLimit-Reset', String(resetSeconds));
  try {
    tell(limiter.take(key));
  } catch (err) {
    tell(limiter.state(key));
    throw err;
  }
}
