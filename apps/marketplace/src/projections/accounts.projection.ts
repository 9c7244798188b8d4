import { AccountCreated, type AccountCreatedData, type EventEnvelope } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface AccountRow {
  id: string;
  name: string;
  api_key_hash: string;
  api_key_prefix: string;
  created_at: string;
}

export const accountsProjection: ProjectionDefinition<AccountRow> = {
  name: 'marketplace.accounts',
  table: 'marketplace.accounts',
  key: 'id',
  filter: 'account.*',
  handles: [AccountCreated.type],
  keyOf: (e: EventEnvelope) => (e.data as AccountCreatedData).accountId,
  evolve: (_row, e) => {
    const d = e.data as AccountCreatedData;
    return { id: d.accountId, name: d.name, api_key_hash: d.apiKeyHash, api_key_prefix: d.apiKeyPrefix, created_at: d.createdAt };
  },
};
