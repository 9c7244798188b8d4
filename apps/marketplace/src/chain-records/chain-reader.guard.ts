import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken } from '../accounts/api-keys';
import { ApiKeyGuard } from '../http/auth.guards';
import { OperatorSessionGuard } from '../operator/sign-in/operator-session.guard';

/** Operator session tokens carry this prefix (operator/sign-in/operator-tokens.ts); API keys carry cxk_. */
const OPERATOR_TOKEN = /^cxo_/;

/**
 * Public chain data for any signed-in caller: a customer's API key or a node operator's
 * session, each checked and rate-limited by its own guard.
 */
@Injectable()
export class ChainReaderGuard implements CanActivate {
  constructor(
    @Inject(ApiKeyGuard) private readonly apiKey: ApiKeyGuard,
    @Inject(OperatorSessionGuard) private readonly operator: OperatorSessionGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    const token = bearerToken(context.switchToHttp().getRequest<Request>().headers.authorization);
    return token && OPERATOR_TOKEN.test(token) ? this.operator.canActivate(context) : this.apiKey.canActivate(context);
  }
}
