import { exitCodes, type CliResult } from '../join/join-output';
import { addDataset, listFederationDatasets, removeFederationDataset, type AddDataset, type DatasetAdded } from './dataset-commands';
import type { NetworkTarget } from './send-private-dataset';

export const datasetCommands = ['add', 'list', 'remove'] as const;
export type DatasetCommand = (typeof datasetCommands)[number];

export interface DatasetCliOptions {
  readonly command: DatasetCommand;
  readonly home: string;
  readonly json: boolean;
  readonly network: NetworkTarget;
  /** add: the CSV file. */
  readonly file?: string;
  readonly federation?: string;
  readonly label?: string;
  readonly name?: string;
  /** add: the federation's classes, comma separated. */
  readonly classes?: string;
}

/** Codes of a refusal by the network (exit 2) rather than a failure here (exit 1). */
const REFUSED = /^NODE\./;

/** `node-runner dataset add|list|remove`: a result line (or one JSON object) and an exit code, never a stack trace. */
export async function runDatasetCommand(o: DatasetCliOptions): Promise<CliResult> {
  try {
    if (o.command === 'list') return list(o);
    if (!o.federation) return usage('--federation is required');
    if (o.command === 'remove') {
      const removed = await removeFederationDataset(o.home, o.federation, o.network);
      const line = `withdrew dataset "${removed.datasetName}" of node ${removed.nodeId} from federation ${removed.federation}${removed.network === 'not-registered' ? ' (the network did not hold it)' : ''}; its rows are deleted from this node`;
      return ok(o.json ? { ok: true, action: 'withdraw', ...removed } : line);
    }
    if (!o.file || !o.label) return usage('dataset add needs <file.csv> and --label <column>');
    const classes = o.classes?.split(',').map((c) => c.trim());
    const add: AddDataset = { file: o.file, federation: o.federation, label: o.label, name: o.name, classes };
    const added = await addDataset(o.home, add, o.network);
    return ok(o.json ? { ok: true, action: 'register', ...addedJson(added) } : addedLines(added));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const stable = typeof code === 'string' ? code : 'RUNNER.FAILED';
    return failure(o.json, stable, (err as Error).message ?? String(err), REFUSED.test(stable) ? exitCodes.refused : exitCodes.failed);
  }
}

async function list(o: DatasetCliOptions): Promise<CliResult> {
  const { encryptionKey, datasets } = await listFederationDatasets(o.home);
  if (o.json) return ok({ ok: true, encryptionKey, datasets });
  if (datasets.length === 0) return ok('no private datasets on this node (node-runner dataset add <file.csv> --federation <name> --label <column>)');
  const lines = datasets.map((d) => `${d.federation}\t"${d.datasetName}"\t${d.rows} rows\t${d.featureNames.length} features\t${d.classNames.length} classes\tschema ${d.schemaHash.slice(0, 16)}…\tadded ${d.addedAt}`);
  return ok(['federation\tdataset\trows\tfeatures\tclasses\tschema\tadded', ...lines, `encryption key ${encryptionKey}`].join('\n'));
}

function addedJson(a: DatasetAdded) {
  return { nodeId: a.nodeId, ...a.dataset, skipped: a.skipped, encryptionKey: a.encryptionKey, encryptionKeyCreated: a.encryptionKeyCreated, file: a.file };
}

function addedLines(a: DatasetAdded): string {
  const d = a.dataset;
  return [
    `registered dataset "${d.datasetName}" of node ${a.nodeId} in federation ${d.federation}`,
    `  rows      ${d.rows}${a.skipped ? ` (${a.skipped} skipped for a missing value)` : ''}`,
    `  features  ${d.featureNames.length}: ${d.featureNames.join(', ')}`,
    `  classes   ${d.classNames.length}: ${d.classNames.join(', ')}`,
    `  schema    sha256 ${d.schemaHash}`,
    `  key       X25519 ${a.encryptionKey}${a.encryptionKeyCreated ? ' (new)' : ''}`,
    `sent: the schema, the row count and the public key; the rows stay in ${a.file} (mode 0600)`,
  ].join('\n');
}

const ok = (out: string | object): CliResult => ({ exitCode: exitCodes.ok, stdout: typeof out === 'string' ? out : JSON.stringify(out) });
const usage = (message: string): CliResult => ({ exitCode: exitCodes.usage, stderr: `node-runner: ${message}` });

function failure(json: boolean, code: string, message: string, exitCode: number): CliResult {
  if (json) return { exitCode, stdout: JSON.stringify({ ok: false, code, message }) };
  return { exitCode, stderr: `node-runner: ${message} (${code})` };
}
