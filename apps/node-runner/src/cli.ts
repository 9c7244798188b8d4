import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '@corex/platform';
import { createCliLogger } from './cli-logger';
import { nodeRunnerConfigSchema } from './config';
import { datasetCommands, runDatasetCommand, type DatasetCommand } from './federation/dataset-cli';
import { join } from './join/join';
import { exitCodes, formatJoinError, formatJoinOutcome, type CliResult } from './join/join-output';
import { runStakeCommand, stakeCommands, type StakeCommand } from './stake/stake-cli';
import { startNode } from './start/start-node';
import { runVerifyModel } from './verify/verify-model-cli';
import { LOGIN_USAGE, runLogin } from './login/login';

const USAGE = `usage: node-runner join  [--name NAME] [--home DIR] [--creds FILE] [--json]
       node-runner start [--name NAME] [--home DIR] [--creds FILE] [--slots N] [--memory BYTES] [--json]
       node-runner stake <CXT> | unstake <CXT> | withdraw | rewards  [--home DIR] [--node ID] [--key-file FILE] [--json]
       node-runner bind-payout <ADDRESS> [--home DIR] [--json]
       node-runner payout-route --chain ethereum|bsc|arbitrum|solana --recipient ADDRESS [--home DIR] [--json]
       node-runner login [--api URL] [--home DIR] [--json]
       node-runner verify-model --job ID --version N | --file WEIGHTS  [--api URL] [--api-key KEY] [--rpc URL] [--registry ADDRESS | --deployment FILE] [--json]
       node-runner dataset add <FILE.csv> --federation NAME --label COLUMN [--classes A,B,...] [--name NAME] [--home DIR] [--json]
       node-runner dataset list | remove --federation NAME  [--home DIR] [--json]

  join     create or reuse this node's identity, benchmark it and register it with the network
  start    join, then run fragments until SIGTERM or SIGINT (running ones finish or are released)
  --name   name shown to operators (default: host name)
  --home   where the identity is kept (default: $COREX_NODE_HOME or ~/.corex/node)
  --creds  the network's join credentials (a NATS creds file; default: $COREX_NATS_CREDS); joining
           issues the node a NATS user of its own, kept in the home, that start connects with
  --slots  fragments held at once (1-64, default: twice the number of CPUs); at most one computes
           per core, the others fetch their input or upload their result meanwhile
  --memory memory offered to the network in bytes (default: all of it)
  --json   join: print the result as one JSON object; start: JSON log lines instead of progress bars
  stake    approve and stake CXT for this node (its boost: 1.1x at the pool's minimum stake up to 3x)
  unstake  stop counting CXT of the stake; it unlocks after the pool's cooldown
  withdraw pay the unlocked stake back to the staking wallet
  rewards  what the mining pool paid the node (with transaction hashes) and what is pending
  bind-payout  the node signs where its rewards go; the staking service records it on-chain
  payout-route the node signs the chain its rewards arrive on and the recipient there; a remote chain's rewards are
               paid to the bridge at home, which forwards them (--recipient: 0x address, or a Solana owner on solana)
  login    sign the operator in to the node dashboard with the node's key; prints the sign-in link (--api: the marketplace)
  verify-model whether a model version's weights are the ones recorded on-chain (node-runner verify-model --help)
  --node   the node to act for (default: this home's identity)
  --key-file the operator's EVM private key (default: $COREX_STAKER_KEY_FILE; never the node identity)
  dataset add     read a CSV here (numeric features, a label column of class names), register only its schema, row
                  count and this node's X25519 key with the federation, keep the rows in the home (0600) for federated jobs
  dataset remove  withdraw the federation's dataset and delete its rows here;  dataset list: what this node holds
  --classes the federation's class list in index order (default: the file's labels, sorted)

stake environment: COREX_DEPLOYMENT_FILE or COREX_API_URL (GET /v1/network finds the chain), COREX_RPC_URL (override),
  COREX_STAKER_KEY(_FILE) (the operator's EVM key), COREX_API_KEY (rewards: pending, from the marketplace)
environment: NATS_URL (default nats://127.0.0.1:4222), COREX_SUBJECT_PREFIX (default corex), COREX_NATS_CREDS, LOG_LEVEL,
  COREX_HEARTBEAT_MS (2000), COREX_IDLE_BACKOFF_MS (1000), COREX_SHUTDOWN_GRACE_MS (10000),
  COREX_NODE_HTTP_PORT (start: /metrics and /health on this port; unset: none), COREX_NODE_HTTP_HOST (127.0.0.1)`;

const MAX_SLOTS = 64;

/** Set once `start` runs: a fragment abandoned at shutdown may still be running in onnxruntime, so exit without waiting for it. */
let exitWhenDone = false;

async function run(argv: string[]): Promise<CliResult> {
  if (argv[0] === 'verify-model') return runVerifyModel(argv.slice(1), process.env);
  if (argv[0] === 'login') return login(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      home: { type: 'string' },
      creds: { type: 'string' },
      slots: { type: 'string' },
      memory: { type: 'string' },
      node: { type: 'string' },
      'key-file': { type: 'string' },
      federation: { type: 'string' },
      label: { type: 'string' },
      classes: { type: 'string' },
      chain: { type: 'string' },
      recipient: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { exitCode: exitCodes.ok, stdout: USAGE };
  if (stakeCommands.includes(positionals[0] as StakeCommand)) return runStake(positionals, values);
  if (positionals[0] === 'dataset') return runDataset(positionals, values);
  if (values.federation || values.label || values.classes || values.chain || values.recipient) return { exitCode: exitCodes.usage, stderr: USAGE };
  const command = positionals.length === 1 ? positionals[0] : undefined;
  // Twice the cores by default: while one fragment computes, another fetches its input or uploads
  // and submits its result (measured on 2 cores over the object store: 2 slots 3.6M rows/s, 4 slots 4.7M).
  const slots = positiveInteger(values.slots, Math.min(MAX_SLOTS, 2 * os.availableParallelism()));
  const memory = positiveInteger(values.memory, os.totalmem());
  const startOnly = values.slots !== undefined || values.memory !== undefined;
  if ((command !== 'join' && command !== 'start') || (command === 'join' && startOnly) || !slots || slots > MAX_SLOTS || !memory) {
    return { exitCode: exitCodes.usage, stderr: USAGE };
  }
  const json = values.json ?? false;
  try {
    const config = loadConfig(nodeRunnerConfigSchema);
    const logger = createCliLogger(config.LOG_LEVEL);
    const home = values.home ?? config.COREX_NODE_HOME;
    const credsFile = values.creds ?? config.COREX_NATS_CREDS;
    if (command === 'start') {
      exitWhenDone = true;
      return await startNode({ home, name: values.name, slots, memoryBudgetBytes: memory, json, config, credsFile, logger, shutdown: shutdownSignal() });
    }
    const target = { natsUrl: config.NATS_URL, subjectPrefix: config.COREX_SUBJECT_PREFIX, timeoutMs: config.COREX_REQUEST_TIMEOUT_MS, credsFile };
    return formatJoinOutcome(await join({ ...target, home, name: values.name, logger }), json);
  } catch (err) {
    return formatJoinError(err, json);
  }
}

/** login takes only where the marketplace is, the home and --json. */
function login(args: string[]): Promise<CliResult> | CliResult {
  const parsed = (() => {
    try {
      return parseArgs({ args, options: { api: { type: 'string' }, home: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
    } catch {
      return null;
    }
  })();
  if (!parsed || parsed.positionals.length) return { exitCode: exitCodes.usage, stderr: LOGIN_USAGE };
  if (parsed.values.help) return { exitCode: exitCodes.ok, stdout: LOGIN_USAGE };
  const config = loadConfig(nodeRunnerConfigSchema);
  const apiUrl = parsed.values.api ?? process.env['COREX_API_URL'] ?? 'http://127.0.0.1:3000';
  return runLogin({ apiUrl, home: parsed.values.home ?? config.COREX_NODE_HOME, json: parsed.values.json ?? false });
}

/** stake/unstake take one amount; withdraw and rewards none. */
function runStake(
  positionals: string[],
  values: { home?: string; node?: string; 'key-file'?: string; json?: boolean; slots?: string; memory?: string; name?: string; creds?: string; chain?: string; recipient?: string },
): Promise<CliResult> | CliResult {
  const command = positionals[0] as StakeCommand;
  const wantsAmount = command === 'stake' || command === 'unstake' || command === 'bind-payout';
  const routeOptions = values.chain !== undefined || values.recipient !== undefined;
  if (routeOptions !== (command === 'payout-route')) return { exitCode: exitCodes.usage, stderr: USAGE };
  if (positionals.length !== (wantsAmount ? 2 : 1) || values.slots || values.memory || values.name || values.creds) return { exitCode: exitCodes.usage, stderr: USAGE };
  const config = loadConfig(nodeRunnerConfigSchema);
  const nats = { natsUrl: config.NATS_URL, subjectPrefix: config.COREX_SUBJECT_PREFIX, timeoutMs: config.COREX_REQUEST_TIMEOUT_MS };
  const route = { chain: values.chain, recipient: values.recipient };
  return runStakeCommand({ command, amount: positionals[1], home: values.home ?? config.COREX_NODE_HOME, json: values.json ?? false, keyFile: values['key-file'], nodeId: values.node, env: process.env, nats, route });
}

/** dataset add takes the CSV file; list and remove nothing more. */
function runDataset(positionals: string[], values: { home?: string; json?: boolean; federation?: string; label?: string; classes?: string; name?: string; slots?: string; memory?: string; creds?: string; node?: string }): Promise<CliResult> | CliResult {
  const command = positionals[1] as DatasetCommand;
  const wanted = command === 'add' ? 3 : 2;
  if (!datasetCommands.includes(command) || positionals.length !== wanted || values.slots || values.memory || values.creds || values.node) return { exitCode: exitCodes.usage, stderr: USAGE };
  const config = loadConfig(nodeRunnerConfigSchema);
  const network = { natsUrl: config.NATS_URL, subjectPrefix: config.COREX_SUBJECT_PREFIX, timeoutMs: config.COREX_REQUEST_TIMEOUT_MS };
  const { federation, label, classes, name } = values;
  return runDatasetCommand({ command, file: positionals[2], federation, label, classes, name, home: values.home ?? config.COREX_NODE_HOME, json: values.json ?? false, network });
}

function positiveInteger(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Resolves with the name of the first SIGTERM or SIGINT. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop).off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
}

run(process.argv.slice(2)).then(
  (result) => {
    if (result.stdout) process.stdout.write(`${result.stdout}\n`);
    if (result.stderr) process.stderr.write(`${result.stderr}\n`);
    if (exitWhenDone) process.exit(result.exitCode);
    process.exitCode = result.exitCode;
  },
  (err: unknown) => {
    // Only argument parsing can get here (unknown option); everything else became a CliResult.
    process.stderr.write(`node-runner: ${(err as Error).message}\n${USAGE}\n`);
    process.exitCode = exitCodes.usage;
  },
);
