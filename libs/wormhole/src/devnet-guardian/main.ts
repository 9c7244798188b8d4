import { createLogger, runService } from '@corex/platform';
import { loadDevnetGuardianConfig } from './config';
import { startDevnetGuardian } from './guardian';

const config = loadDevnetGuardianConfig();
const logger = createLogger('devnet-guardian', config.LOG_LEVEL);

runService('devnet-guardian', config.LOG_LEVEL, async () => {
  const guardian = await startDevnetGuardian({
    chains: config.COREX_GUARDIAN_CHAINS,
    keys: config.COREX_GUARDIAN_KEYS,
    guardianSetIndex: config.COREX_GUARDIAN_SET_INDEX,
    port: config.COREX_GUARDIAN_PORT,
    host: config.COREX_GUARDIAN_HOST,
    pollMs: config.COREX_GUARDIAN_POLL_MS,
    onError: (err, chain) => logger.warn({ err, chain }, 'chain scan failed; retrying'),
  });
  logger.info({ url: guardian.url, chains: config.COREX_GUARDIAN_CHAINS.map((c) => c.wormholeChainId) }, 'devnet guardian listening');
  return guardian;
});
