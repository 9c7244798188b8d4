import { loadConfig, runService } from '@corex/platform';
import { verifierConfigSchema } from './config';
import { startVerifier } from './start-verifier';

const config = loadConfig(verifierConfigSchema);
runService('verifier', config.LOG_LEVEL, () => startVerifier(config));
