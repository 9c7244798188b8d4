// npm start's paths for the TypeScript scripts it runs: the same ones (corex-home.cjs), so that a
// script run on its own finds what npm start made under COREX_HOME_DIR (default .corex).
interface StartFiles {
  deploymentFile: string;
  solanaAuthorityFile: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPaths } = require('./corex-home.cjs') as { startPaths(env: NodeJS.ProcessEnv): StartFiles };

/** COREX_DEPLOYMENT_FILE as given, else deployment.json in npm start's directory. */
export function deploymentFileOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.COREX_DEPLOYMENT_FILE ?? startPaths(env).deploymentFile;
}

/** COREX_SOLANA_AUTHORITY_FILE as given, else beside the deployment file. */
export function solanaAuthorityFileOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.COREX_SOLANA_AUTHORITY_FILE ?? startPaths(env).solanaAuthorityFile;
}
