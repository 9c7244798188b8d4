import { Inject, Injectable } from '@nestjs/common';
import { subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { decideAccount, initialAccountState } from '@corex/marketplace-domain';
import { newId } from '@corex/platform';
import { CLOCK, EVENT_LOG, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import type { Projectors } from '../../infrastructure/projectors';
import { generateApiKey } from '../api-keys';
import type { CreateAccountRequest } from './create-account.request.dto';
import type { CreatedAccount } from './created-account.schema';

export type { CreatedAccount } from './created-account.schema';

@Injectable()
export class CreateAccountHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: CreateAccountRequest): Promise<CreatedAccount> {
    const accountId = newId();
    const key = generateApiKey();
    const now = this.clock();
    const events = decideAccount(
      { kind: 'CreateAccount', accountId, name: request.name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix, now },
      initialAccountState(),
    );
    const { version } = await this.log.store.append(subjects.account(accountId), events, 0);
    // The key must work the moment it is returned.
    await this.projectors.waitFor('marketplace.accounts', version);
    return { id: accountId, name: request.name, apiKey: key.key, createdAt: now.toISOString() };
  }
}
