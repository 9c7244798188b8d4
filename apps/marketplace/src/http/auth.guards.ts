import { Inject, Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { UnauthorizedError } from '@corex/platform';
import { bearerToken, hashApiKey, sameSecret } from '../accounts/api-keys';
import type { MarketplaceConfig } from '../config';
import { CONFIG, DATA_SOURCE, RATE_LIMITER } from '../infrastructure/tokens';
import type { RateLimiter } from './rate-limit';

/** Takes a token of `key`'s bucket and tells the client what is left (RateLimit-* headers), also on the 429. */
export function takeRateLimited(limiter: RateLimiter, key: string, context: ExecutionContext): void {
  const res = context.switchToHttp().getResponse<Response>();
  const tell = ({ limit, remaining, resetSeconds }: ReturnType<RateLimiter['state']>) =>
    res.setHeader('RateLimit-Limit', String(limit)).setHeader('RateLimit-Remaining', String(remaining)).setHeader('RateLimit-Reset', String(resetSeconds));
  try {
    tell(limiter.take(key));
  } catch (err) {
    tell(limiter.state(key));
    throw err;
  }
}

export interface Caller {
  accountId: string;
  name: string;
}

type AuthedRequest = Request & { caller?: Caller };

/** Resolves `Authorization: Bearer <apiKey>` to the caller's account, or 401; then takes a token of the key's rate limit, or 429. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const key = bearerToken(req.headers.authorization);
    if (!key) throw new UnauthorizedError('AUTH.MISSING_API_KEY', 'Authorization: Bearer <api key> is required');
    const keyHash = hashApiKey(key);
    const rows = await this.ds.query(`SELECT id, name FROM marketplace.accounts WHERE api_key_hash = $1`, [keyHash]);
    if (!rows.length) throw new UnauthorizedError('AUTH.INVALID_API_KEY', 'the API key is not valid');
    takeRateLimited(this.limiter, `key:${keyHash}`, context);
    req.caller = { accountId: rows[0].id, name: rows[0].name };
    return true;
  }
}

/** Admits only `Authorization: Bearer <COREX_ADMIN_TOKEN>`, within the admin token's own rate limit. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.headers.authorization);
    if (!token || !sameSecret(token, this.config.COREX_ADMIN_TOKEN)) {
      throw new UnauthorizedError('AUTH.INVALID_ADMIN_TOKEN', 'an admin token is required');
    }
    takeRateLimited(this.limiter, 'admin', context);
    return true;
  }
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthedRequest>().caller;
  if (!caller) throw new UnauthorizedError('AUTH.MISSING_API_KEY', 'not authenticated');
  return caller;
});
