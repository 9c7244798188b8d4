import { z } from 'zod';

/** CloudEvents 1.0 attribute names plus correlation and causation ids. */
export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  source: z.string().min(1).max(256),
  type: z.string().regex(/^[a-z0-9.-]+\.v\d+$/, 'type must end with .v<version>'),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1),
  correlationid: z.string().min(1),
  causationid: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});

export type EventEnvelope<TType extends string = string, TData = unknown> = Omit<
  z.infer<typeof envelopeSchema>,
  'type' | 'data'
> & { type: TType; data: TData };

/** An event as a decider emits it: a type and its payload, nothing about transport. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  /** Deterministic id (e.g. from an Idempotency-Key); a random one is used when absent. */
  id?: string;
}

/** An envelope read back from the log with its stream sequence. */
export interface StoredEvent<TType extends string = string, TData = unknown> {
  seq: number;
  event: EventEnvelope<TType, TData>;
}
