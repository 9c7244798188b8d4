import { z } from 'zod';
import { findUnstorable } from './common';
import type { EventEnvelope } from './envelope';

/** One versioned event type: `corex.<aggregate>.<name>.v<version>` and its payload schema. */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly name: string;
  readonly version: number;
  readonly schema: TSchema;
}

export function defineEvent<const TName extends string, const TVersion extends number, TSchema extends z.ZodType>(
  name: TName,
  version: TVersion,
  schema: TSchema,
): EventDefinition<`${TName}.v${TVersion}`, TSchema> {
  return { type: `${name}.v${version}`, name, version, schema };
}

export type DataOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;
export type TypeOf<D> = D extends EventDefinition<infer T, z.ZodType> ? T : never;

/** Turns an older version's payload into the next version's. */
export type Upcaster = { from: string; to: string; upcast: (data: unknown) => unknown };

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`unknown event type ${eventType}`);
  }
}

export class InvalidEventDataError extends Error {
  constructor(readonly eventType: string, readonly issues: z.core.$ZodIssue[]) {
    super(`invalid data for ${eventType}: ${issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
  }
}

/** The registry of every event type the system knows, with upcasting from old versions. */
export class EventCatalog {
  private readonly definitions = new Map<string, EventDefinition>();
  private readonly upcasters = new Map<string, Upcaster>();

  register(...defs: EventDefinition[]): this {
    for (const def of defs) {
      if (this.definitions.has(def.type)) throw new Error(`event type registered twice: ${def.type}`);
      this.definitions.set(def.type, def);
    }
    return this;
  }

  registerUpcaster(upcaster: Upcaster): this {
    this.upcasters.set(upcaster.from, upcaster);
    return this;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  /**
   * Validates a payload about to be appended against its schema, and refuses any string (keys
   * included) that Postgres or JSON cannot hold (NUL, lone surrogates) and any number that is
   * not finite: such a value in the log would stop every projection that stores it. Returns the
   * parsed (normalised) payload.
   */
  validate(type: string, data: unknown): unknown {
    const parsed = this.parse(type, data);
    const unstorable = findUnstorable(parsed);
    if (unstorable) {
      throw new InvalidEventDataError(type, [{ code: 'custom', path: unstorable.path, message: unstorable.message, input: undefined }]);
    }
    return parsed;
  }

  /**
   * Validates an envelope read from the log and upcasts it to the newest version known. Only the
   * schema is checked: an event already in the log stays readable, and a projection that cannot
   * store it reports where it is stuck.
   */
  read(envelope: EventEnvelope): EventEnvelope {
    let current = { ...envelope, data: this.parse(envelope.type, envelope.data) };
    for (let up = this.upcasters.get(current.type); up; up = this.upcasters.get(current.type)) {
      current = { ...current, type: up.to, data: this.parse(up.to, up.upcast(current.data)) };
    }
    return current;
  }

  private parse(type: string, data: unknown): unknown {
    const def = this.definitions.get(type);
    if (!def) throw new UnknownEventTypeError(type);
    const parsed = def.schema.safeParse(data);
    if (!parsed.success) throw new InvalidEventDataError(type, parsed.error.issues);
    return parsed.data;
  }
}
