import { Inject, Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { sessionLive } from '@corex/marketplace-domain';
import { UnauthorizedError } from '@corex/platform';
import { bearerToken } from '../../accounts/api-keys';
import { CLOCK, DATA_SOURCE, RATE_LIMITER, type Clock } from '../../infrastructure/tokens';
import { takeRateLimited } from '../../http/auth.guards';
import type { RateLimiter } from '../../http/rate-limit';
import { hashSessionToken } from './operator-tokens';
import { SignInStore } from './sign-in.store';

/** The node an operator session was opened for: every operator view is of this node only. */
export interface Operator {
  nodeId: string;
}

type OperatorRequest = Request & { operator?: Operator };

/**
 * Admits `Authorization: Bearer <operator session token>` until the session expires, or 401;
 * a customer's API key is no session and is refused like any unknown token. Then takes a token
 * of the session's rate limit, or 429.
 */
@Injectable()
export class OperatorSessionGuard implements CanActivate {
  private readonly store: SignInStore;

  constructor(
    @Inject(DATA_SOURCE) ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {
    this.store = new SignInStore(ds);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<OperatorRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedError('OPERATOR.MISSING_SESSION', 'Authorization: Bearer <operator session token> is required (node-runner login)');
    const hash = hashSessionToken(token);
    const session = await this.store.findSession(hash);
    if (!session || !sessionLive(session, this.clock())) throw new UnauthorizedError('OPERATOR.INVALID_SESSION', 'the operator session is unknown or expired; sign in again with node-runner login');
    takeRateLimited(this.limiter, `operator:${hash}`, context);
    req.operator = { nodeId: session.nodeId };
    return true;
  }
}

export const CurrentOperator = createParamDecorator((_: unknown, context: ExecutionContext): Operator => {
  const operator = context.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator) throw new UnauthorizedError('OPERATOR.MISSING_SESSION', 'not signed in');
  return operator;
});
