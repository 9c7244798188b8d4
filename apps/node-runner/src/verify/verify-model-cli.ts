import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isAddress } from 'ethers';
import { downloadModelVersionWeights, verifyModelVersion, type ModelVerification } from '@corex/chain';
import { exitCodes, type CliResult } from '../join/join-output';
import { resolveChain, StakeSetupError } from '../stake/chain-access';

export const VERIFY_MODEL_USAGE = `usage: node-runner verify-model --job ID --version N [--api URL] [--api-key KEY] [--rpc URL] [--registry ADDRESS | --deployment FILE] [--json]
       node-runner verify-model --file WEIGHTS [--job ID --version N] [--rpc URL] [--registry ADDRESS | --deployment FILE | --api URL] [--json]

  Downloads version N of training job ID's weights from the marketplace (or reads --file), computes
  their sha256 and checks it against ProofRegistry.modelOf on the chain: recorded, for that job and
  version (step N-1). Exit 0 when it matches, 1 when it does not or is not recorded, 2 when it
  could not be checked (marketplace or chain unreachable), 64 on bad arguments.
  --api / --api-key  the marketplace and the job account's API key (default $COREX_API_URL, $COREX_API_KEY)
  --registry         ProofRegistry's address (needs --rpc); else --deployment FILE ($COREX_DEPLOYMENT_FILE), else GET /v1/network
  --rpc              the chain's JSON-RPC URL (default: the deployment's; $COREX_RPC_URL)`;

const couldNotCheck = 2;

interface Args {
  job?: string;
  version?: number;
  file?: string;
  api?: string;
  apiKey?: string;
  rpc?: string;
  registry?: string;
  deployment?: string;
  json: boolean;
}

/** `node-runner verify-model …`: a line (or JSON) saying whether the weights are the ones on-chain, and an exit code. */
export async function runVerifyModel(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  if (argv.includes('--help') || argv.includes('-h')) return { exitCode: exitCodes.ok, stdout: VERIFY_MODEL_USAGE };
  const args = parse(argv, env);
  if (typeof args === 'string') return { exitCode: exitCodes.usage, stderr: `node-runner: ${args}\n${VERIFY_MODEL_USAGE}` };
  let stage = 'chain';
  try {
    const target = await registryTarget(args);
    stage = 'weights';
    const weights = args.file ? await readFile(args.file) : await downloadModelVersionWeights({ apiUrl: args.api!, apiKey: args.apiKey!, jobId: args.job!, version: args.version! });
    stage = 'chain';
    const result = await verifyModelVersion({ ...target, weights, jobId: args.job, version: args.version });
    return report(args, target, result);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof StakeSetupError ? err.code : stage === 'weights' ? 'MODEL.WEIGHTS_UNAVAILABLE' : 'MODEL.CHAIN_UNAVAILABLE';
    if (args.json) return { exitCode: couldNotCheck, stdout: JSON.stringify({ ok: false, code, message }) };
    return { exitCode: couldNotCheck, stderr: `node-runner: could not check the model: ${message} (${code})` };
  }
}

function parse(argv: string[], env: NodeJS.ProcessEnv): Args | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        job: { type: 'string' },
        version: { type: 'string' },
        file: { type: 'string' },
        api: { type: 'string' },
        'api-key': { type: 'string' },
        rpc: { type: 'string' },
        registry: { type: 'string' },
        deployment: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  const str = (k: string) => values[k] as string | undefined;
  const version = str('version') === undefined ? undefined : Number(str('version'));
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) return `--version must be a version number (1 or more), not ${str('version')}`;
  if ((str('job') === undefined) !== (version === undefined)) return '--job and --version go together';
  const args: Args = { job: str('job'), version, file: str('file'), api: str('api') ?? env['COREX_API_URL'], apiKey: str('api-key') ?? env['COREX_API_KEY'], rpc: str('rpc') ?? env['COREX_RPC_URL'], registry: str('registry'), deployment: str('deployment') ?? env['COREX_DEPLOYMENT_FILE'], json: values['json'] === true };
  if (!args.file && !args.job) return 'name the weights: --job ID --version N (downloaded from the marketplace) or --file WEIGHTS';
  if (!args.file && (!args.api || !args.apiKey)) return 'downloading a version needs the marketplace and an API key: --api URL --api-key KEY (or COREX_API_URL, COREX_API_KEY)';
  if (args.registry && (!isAddress(args.registry) || !args.rpc)) return '--registry needs an 0x address and --rpc URL';
  return args;
}

async function registryTarget(a: Args): Promise<{ rpcUrl: string; chainId?: number; proofRegistry: string }> {
  if (a.registry) return { rpcUrl: a.rpc!, proofRegistry: a.registry };
  const chain = await resolveChain({ deploymentFile: a.deployment, apiUrl: a.api, rpcUrl: a.rpc });
  return { rpcUrl: chain.rpcUrl, chainId: chain.chainId, proofRegistry: chain.contracts.proofRegistry };
}

function report(a: Args, target: { rpcUrl: string; proofRegistry: string }, r: ModelVerification): CliResult {
  const exitCode = r.matches ? exitCodes.ok : exitCodes.failed;
  const source = a.file ?? `version ${a.version} of job ${a.job}`;
  if (a.json) return { exitCode, stdout: JSON.stringify({ ok: r.matches, source, sha256: r.sha256, mismatch: r.mismatch ?? null, record: r.record, proofRegistry: target.proofRegistry, rpcUrl: target.rpcUrl }) };
  const where = `ProofRegistry ${target.proofRegistry} at ${target.rpcUrl}`;
  if (!r.record) return { exitCode, stdout: `MISMATCH: sha256 ${r.sha256} of ${source} is not recorded on-chain (${where})` };
  const m = r.record;
  const detail = `job ${m.jobId}, step ${m.step} (version ${m.step + 1}), parent ${m.parent}, accuracy ${(m.accuracyBps / 100).toFixed(2)}%, fragments root ${m.fragmentsRoot}, recorded ${new Date(m.recordedAt * 1000).toISOString()}`;
  if (r.mismatch === 'other-job') return { exitCode, stdout: `MISMATCH: sha256 ${r.sha256} of ${source} is recorded for another job (${detail}; ${where})` };
  if (r.mismatch === 'other-version') return { exitCode, stdout: `MISMATCH: sha256 ${r.sha256} of ${source} is recorded as another version (${detail}; ${where})` };
  return { exitCode, stdout: `MATCH: sha256 ${r.sha256} of ${source} is recorded on-chain: ${detail} (${where})` };
}
