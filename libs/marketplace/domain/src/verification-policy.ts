import { z } from 'zod';
import { ValidationError } from '@corex/platform';
import type { VerificationPolicy } from '@corex/events';

/**
 * The event's policy schema, strict: an unknown mode or field, a factor other than 2 or a rate
 * outside 0.01..1 is refused, never ignored or clamped (the event schema strips unknown fields).
 */
export const submittedVerificationPolicySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('adaptive') }),
  z.strictObject({ mode: z.literal('redundancy'), factor: z.literal(2).default(2) }),
  z.strictObject({ mode: z.literal('spot-check'), rate: z.number().min(0.01).max(1) }),
]);

/** The policy a submission asked for, or JOB.VERIFICATION_INVALID with `issues: [{path, message}]`. */
export function checkedVerificationPolicy(value: unknown): VerificationPolicy {
  const parsed = submittedVerificationPolicySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: ['verification', ...i.path.map(String)].join('.'), message: i.message }));
  const message = `verification refused: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
  throw new ValidationError('JOB.VERIFICATION_INVALID', message.slice(0, 500), { issues });
}
