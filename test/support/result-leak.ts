import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FragmentCompleted, type FragmentCompletedData } from '@corex/events';
import { UploadStore, type EventLog } from '@corex/eventstore';

/**
 * The leak a copier needs (test/adversaries, kind `copier`): watches the log and writes every
 * revealed result's blob to `<dir>/<fragmentId>` (replicas under their own id), as if the copier
 * could see other nodes' results. Returns a stop function.
 */
export async function leakRevealedResults(log: EventLog, dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const uploads = await UploadStore.open(log.nc, log.store.names.prefix);
  const blobs = await log.blobs();
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('fragment.>') });
  const messages = await consumer.consume({ max_messages: 200 });
  const done = (async () => {
    for await (const m of messages) {
      const event = log.store.decode(m.data);
      if (event.type !== FragmentCompleted.type) continue;
      const { fragmentId, nodeId, resultHash } = event.data as FragmentCompletedData;
      const bytes = (await uploads.get(nodeId, resultHash).catch(() => null)) ?? (await blobs.get(resultHash).catch(() => null));
      if (!bytes) continue;
      // Written aside and renamed: the copier never reads half a blob.
      await writeFile(path.join(dir, `.${fragmentId}.tmp`), bytes);
      await rename(path.join(dir, `.${fragmentId}.tmp`), path.join(dir, fragmentId));
    }
  })().catch(() => undefined);
  return async () => {
    messages.stop();
    await done;
  };
}
