import { randomUUID } from 'node:crypto';
import { AccountCreated, subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';

/**
 * Publishes an AccountCreated straight onto the stream, past the catalog's checks, as a foreign
 * writer could (e.g. a name holding a NUL byte, which Postgres refuses); returns its sequence.
 */
export async function appendRawAccount(log: EventLog, accountId: string, name: string): Promise<number> {
  const id = randomUUID();
  const envelope = {
    specversion: '1.0', id, source: 'corex/foreign', type: AccountCreated.type, time: new Date().toISOString(),
    subject: subjects.account(accountId), correlationid: id, causationid: id, datacontenttype: 'application/json',
    data: { accountId, name, apiKeyHash: 'a'.repeat(64), apiKeyPrefix: 'cx_', createdAt: new Date().toISOString() },
  };
  return (await log.js.publish(log.store.subjectOf(envelope.subject), JSON.stringify(envelope))).seq;
}
