import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';

export interface StreamNames {
  /** Stream name, e.g. COREX_EVENTS. */
  stream: string;
  /** Subject prefix: events live at `<prefix>.evt.<kind>.<id>`. */
  prefix: string;
}

const TWO_MINUTES_NS = 2 * 60 * 1_000_000_000;

/** The domain event stream as declared in code: file storage, kept forever, deduped for two minutes. */
export function eventStreamConfig(names: StreamNames): Partial<StreamConfig> & { name: string } {
  return {
    name: names.stream,
    subjects: [`${names.prefix}.evt.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    duplicate_window: TWO_MINUTES_NS,
    num_replicas: 1,
    allow_direct: true,
  };
}

/** Creates the stream, or updates it to the declared config when it already exists. */
export async function ensureEventStream(jsm: JetStreamManager, names: StreamNames): Promise<void> {
  const config = eventStreamConfig(names);
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err.name === 'StreamNotFoundError' || /stream not found/i.test(err.message));
}
