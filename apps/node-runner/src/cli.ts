import { parseArgs } from 'node:util';
import { loadConfig } from '@corex/platform';
import { createCliLogger } from './cli-logger';
import { nodeRunnerConfigSchema } from './config';
import { join } from './join/join';
import { exitCodes, formatJoinError, formatJoinOutcome, type CliResult } from './join/join-output';

const USAGE = `usage: node-runner join [--name NAME] [--home DIR] [--json]

  join     create or reuse this node's identity, benchmark it and register it with the network
  --name   name shown to operators (default: host name)
  --home   where the identity is kept (default: $COREX_NODE_HOME or ~/.corex/node)
  --json   print the result as one JSON object

environment: NATS_URL (default nats://127.0.0.1:4222), COREX_SUBJECT_PREFIX (default corex), LOG_LEVEL`;

async function run(argv: string[]): Promise<CliResult> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      home: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { exitCode: exitCodes.ok, stdout: USAGE };
  if (positionals.length !== 1 || positionals[0] !== 'join') return { exitCode: exitCodes.usage, stderr: USAGE };
  const json = values.json ?? false;
  try {
    const config = loadConfig(nodeRunnerConfigSchema);
    const outcome = await join({
      home: values.home ?? config.COREX_NODE_HOME,
      name: values.name,
      natsUrl: config.NATS_URL,
      subjectPrefix: config.COREX_SUBJECT_PREFIX,
      timeoutMs: config.COREX_REQUEST_TIMEOUT_MS,
      logger: createCliLogger(config.LOG_LEVEL),
    });
    return formatJoinOutcome(outcome, json);
  } catch (err) {
    return formatJoinError(err, json);
  }
}

run(process.argv.slice(2)).then(
  (result) => {
    if (result.stdout) process.stdout.write(`${result.stdout}\n`);
    if (result.stderr) process.stderr.write(`${result.stderr}\n`);
    process.exitCode = result.exitCode;
  },
  (err: unknown) => {
    // Only argument parsing can get here (unknown option); everything else became a CliResult.
    process.stderr.write(`node-runner: ${(err as Error).message}\n${USAGE}\n`);
    process.exitCode = exitCodes.usage;
  },
);
