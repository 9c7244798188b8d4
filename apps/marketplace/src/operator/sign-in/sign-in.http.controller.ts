import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { decideChallenge, judgeChallengeAnswer } from '@corex/marketplace-domain';
import { verifyOperatorChallenge } from '@corex/node-protocol';
import { parseBody } from '../../http/parse-body';
import type { RateLimiter } from '../../http/rate-limit';
import { CLOCK, DATA_SOURCE, RATE_LIMITER, type Clock } from '../../infrastructure/tokens';
import { newChallenge, newSessionToken } from './operator-tokens';
import { takeSignInToken } from './sign-in-rate-limit';
import { createChallengeRequestSchema, createSessionRequestSchema, type OperatorChallengeView, type OperatorSessionView } from './sign-in.schema';
import { SignInStore } from './sign-in.store';

/**
 * Sign-in with the node's key, no password (docs/operator-api.md): a challenge for a registered
 * node, then its signature of it for a session. Public routes, rate-limited per node and client address.
 */
@Controller('v1/operator')
export class OperatorSignInController {
  private readonly store: SignInStore;

  constructor(
    @Inject(DATA_SOURCE) ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {
    this.store = new SignInStore(ds);
  }

  @Post('challenges')
  @HttpCode(201)
  async challenge(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<OperatorChallengeView> {
    const { nodeId } = parseBody(createChallengeRequestSchema, req);
    takeSignInToken(this.limiter, nodeId, req, res);
    const now = this.clock();
    const [nodeKnown, openChallenges] = await Promise.all([this.store.nodeKnown(nodeId), this.store.openChallenges(nodeId, now)]);
    const issued = decideChallenge({ nodeId, nodeKnown, openChallenges, challenge: newChallenge(), now });
    await this.store.saveChallenge(issued, now);
    return { challenge: issued.challenge, expiresAt: issued.expiresAt.toISOString() };
  }

  @Post('sessions')
  @HttpCode(201)
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<OperatorSessionView> {
    const { nodeId, challenge, signature } = parseBody(createSessionRequestSchema, req);
    takeSignInToken(this.limiter, nodeId, req, res);
    const now = this.clock();
    const signatureValid = verifyOperatorChallenge(nodeId, challenge, signature);
    const granted = judgeChallengeAnswer({ nodeId, challenge, signatureValid, now }, await this.store.findChallenge(challenge));
    // Used up only by a valid answer; of two at once, the one that deletes it wins.
    if (!(await this.store.consumeChallenge(challenge))) judgeChallengeAnswer({ nodeId, challenge, signatureValid, now }, null);
    const { token, hash } = newSessionToken();
    await this.store.saveSession(hash, granted.nodeId, granted.expiresAt, now);
    return { token, nodeId: granted.nodeId, expiresAt: granted.expiresAt.toISOString() };
  }
}
