import path from 'node:path';
import { deploymentFileOf, solanaAuthorityFileOf } from './start-paths';

const CHECKOUT = path.resolve(__dirname, '../..');

describe('the TypeScript scripts’ npm start files', () => {
  it('take the deployment file as given, else from npm start’s directory', () => {
    expect(deploymentFileOf({ COREX_DEPLOYMENT_FILE: 'elsewhere/d.json' })).toBe('elsewhere/d.json');
    expect(deploymentFileOf({})).toBe(path.join(CHECKOUT, '.corex', 'deployment.json'));
    expect(deploymentFileOf({ COREX_HOME_DIR: '/tmp/corex-a' })).toBe('/tmp/corex-a/deployment.json');
  });

  it('keep the Solana authority beside the deployment file unless told otherwise', () => {
    expect(solanaAuthorityFileOf({ COREX_HOME_DIR: '/tmp/corex-a' })).toBe('/tmp/corex-a/solana-authority.json');
    expect(solanaAuthorityFileOf({ COREX_DEPLOYMENT_FILE: '/var/d/deployment.json' })).toBe('/var/d/solana-authority.json');
    expect(solanaAuthorityFileOf({ COREX_SOLANA_AUTHORITY_FILE: 'k.json' })).toBe('k.json');
  });
});
