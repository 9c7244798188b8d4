'use strict';
// Generates a deployment's NATS auth (operator, system account, COREX account with a signing key,
// service users, the shared join user) into a directory that is never committed:
//   node scripts/nats-auth.cjs --out .corex/nats [--prefix corex] [--services scheduler,marketplace,admin,staking,verifier,reputation] [--force]
// Layout (libs/nats-auth natsAuthPaths): server/{nats.conf,auth.conf} for nats-server (no secrets),
// creds/<user>.creds and keys/ (seeds, node-issuer.json and sealing.secret for the scheduler), mode 0600.
// An existing directory is kept unless --force: new keys make a server's JetStream data (stored
// per account key) unreachable. It is brought up to date instead: a sealing secret is added when
// missing, and node permissions of an older layout are re-signed with the operator key.
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const SHIPPED_CONFIG = path.resolve(__dirname, '..', 'deploy', 'nats', 'nats.conf');

/** Generates auth into `out` unless it holds one already (or `force`); returns true when it generated. */
async function ensureNatsAuth({ out, prefix = 'corex', services, force = false }) {
  require('@swc-node/register');
  const { generateNatsAuth, natsAuthPaths, writeNatsAuth, ensureSealingSecret, refreshNodePermissions, ensureServiceUsers } = require('../libs/nats-auth/src');
  const paths = natsAuthPaths(out);
  if (!force && fs.existsSync(paths.authConfig)) {
    // The shipped config may have changed since: always serve the current one.
    fs.copyFileSync(SHIPPED_CONFIG, paths.serverConfig);
    if (await ensureSealingSecret(out)) console.log(`[nats-auth] added a sealing secret to ${out}`);
    const stored = path.join(out, 'prefix');
    const deployed = fs.existsSync(stored) ? fs.readFileSync(stored, 'utf8').trim() : prefix;
    const added = await ensureServiceUsers(out, deployed, services);
    if (added.length > 0) console.log(`[nats-auth] added service users to ${out}: ${added.join(', ')}`);
    if (await refreshNodePermissions(out, deployed)) console.log(`[nats-auth] re-signed the account JWT in ${out}: node permissions of this version (restart or reload nats-server)`);
    return false;
  }
  const auth = await generateNatsAuth({ prefix, services });
  await writeNatsAuth(out, auth, SHIPPED_CONFIG);
  fs.writeFileSync(path.join(out, 'prefix'), `${prefix}\n`);
  return true;
}

module.exports = { ensureNatsAuth };

if (require.main === module) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, prefix: { type: 'string', default: process.env.COREX_SUBJECT_PREFIX || 'corex' }, services: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  if (!values.out) {
    console.error('usage: node scripts/nats-auth.cjs --out DIR [--prefix corex] [--services scheduler,marketplace,admin,staking,verifier,reputation] [--force]');
    process.exit(64);
  }
  const services = values.services ? values.services.split(',').filter(Boolean) : undefined;
  ensureNatsAuth({ out: values.out, prefix: values.prefix, services, force: values.force }).then(
    (generated) => console.log(generated ? `[nats-auth] generated NATS auth for prefix "${values.prefix}" in ${values.out}` : `[nats-auth] ${values.out} holds NATS auth already (--force replaces it)`),
    (err) => {
      console.error(`[nats-auth] ${err.stack || err.message}`);
      process.exit(1);
    },
  );
}
