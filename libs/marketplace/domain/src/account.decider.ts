import { AccountCreated, type NewEvent } from '@corex/events';
import { IllegalStateError, ValidationError } from '@corex/platform';

export interface CreateAccount {
  kind: 'CreateAccount';
  accountId: string;
  name: string;
  apiKeyHash: string;
  apiKeyPrefix: string;
  now: Date;
}

export type AccountState = { exists: boolean };

export function initialAccountState(): AccountState {
  return { exists: false };
}

export function evolveAccount(state: AccountState, event: NewEvent): AccountState {
  return event.type === AccountCreated.type ? { exists: true } : state;
}

export function decideAccount(command: CreateAccount, state: AccountState): NewEvent[] {
  if (state.exists) throw new IllegalStateError('ACCOUNT.ALREADY_EXISTS', `account ${command.accountId} exists`);
  const name = command.name.trim();
  if (!name || name.length > 200) throw new ValidationError('ACCOUNT.NAME_INVALID', 'name must be 1 to 200 characters');
  return [
    {
      type: AccountCreated.type,
      data: {
        accountId: command.accountId,
        name,
        apiKeyHash: command.apiKeyHash,
        apiKeyPrefix: command.apiKeyPrefix,
        createdAt: command.now.toISOString(),
      },
    },
  ];
}
