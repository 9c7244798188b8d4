import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { createCorexCatalog, type EventCatalog } from '@corex/events';
import type { Logger } from '@corex/platform';
import { connectNats } from './connection';
import type { EventStore } from './event-store';
import { CorrelatedEventStore } from './correlated-event-store';
import { StreamPublisher } from './stream-publisher';
import { ensureEventStream, type StreamNames } from './streams';
import { DurableConsumer, type BatchHandler, type DurableConsumerOptions } from './durable-consumer';
import { BlobStore } from './blob-store';
import { UploadStore } from './upload-store';
import { TaskBlobStore } from './task-blob-store';

export interface EventLog {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  catalog: EventCatalog;
  store: EventStore;
  /** A durable consumer on this log's stream; call start() to run it. */
  consumer(options: DurableConsumerOptions, handler: BatchHandler): DurableConsumer;
  /** The blob store of this log's prefix (bucket `<prefix>-blobs`), opened on first use: tenant data, services only. */
  blobs(): Promise<BlobStore>;
  /** Sealed task blobs nodes read (bucket `<prefix>-tasks`), opened on first use. */
  taskBlobs(): Promise<TaskBlobStore>;
  /** Node uploads of this log's prefix (stream `<prefix>-uploads`, declared by the scheduler), opened on first use. */
  uploads(): Promise<UploadStore>;
  close(): Promise<void>;
}

export interface OpenEventLogOptions extends StreamNames {
  url: string;
  /** Connection name and CloudEvents source, e.g. `marketplace`. */
  service: string;
  logger?: Logger;
  now?: () => Date;
  /** NATS credentials file of the service's user (`COREX_NATS_CREDS`); none against an open server. */
  credsFile?: string;
}

/** Connects, declares the event stream and returns the store and consumer factory. */
export async function openEventLog(options: OpenEventLogOptions): Promise<EventLog> {
  const nc = await connectNats(options.url, `corex-${options.service}`, options.logger, { credsFile: options.credsFile });
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm, options);
  const js = jetstream(nc);
  const catalog = createCorexCatalog();
  const publisher = new StreamPublisher(nc);
  const store: EventStore = new CorrelatedEventStore(publisher, js, jsm, catalog, {
    stream: options.stream,
    prefix: options.prefix,
    source: `corex/${options.service}`,
    now: options.now,
  });
  let blobs: Promise<BlobStore> | undefined;
  let uploads: Promise<UploadStore> | undefined;
  let taskBlobs: Promise<TaskBlobStore> | undefined;
  return {
    nc,
    js,
    jsm,
    catalog,
    store,
    consumer: (opts, handler) => new DurableConsumer(store, js, jsm, opts, handler, options.logger),
    blobs: () => (blobs ??= BlobStore.open(nc, blobBucketName(options.prefix), publisher)),
    taskBlobs: () => (taskBlobs ??= TaskBlobStore.open(nc, options.prefix, publisher)),
    uploads: () => (uploads ??= UploadStore.open(nc, options.prefix)),
    close: async () => {
      await nc.drain();
      publisher.close();
    },
  };
}

/** Object-store bucket of a subject prefix: tenant data (datasets, models, results), read and written by services only. */
export function blobBucketName(prefix: string): string {
  return `${prefix}-blobs`;
}
