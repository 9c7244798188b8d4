import { ConcurrencyError } from '@corex/platform';

/** Another writer appended to the aggregate since it was read: reload, decide again. */
export class WrongExpectedVersionError extends ConcurrencyError {
  constructor(
    readonly subject: string,
    readonly expectedVersion: number,
  ) {
    super('EVENTSTORE.WRONG_EXPECTED_VERSION', `aggregate ${subject} has moved past version ${expectedVersion}`, {
      subject,
      expectedVersion,
    });
  }
}
