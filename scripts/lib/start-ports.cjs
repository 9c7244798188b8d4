'use strict';
// Every port `npm start` listens on or expects, each from its own variable, so that a second
// npm start (a test's) runs beside a developer's on free ports. Pure: no I/O, unit-tested.

const number = (value, fallback) => (value === undefined || value === '' ? fallback : Number(value));

/** The ports of npm start's processes from env; the remote chains default to the ports after the home chain's. */
function startPorts(env = process.env) {
  const anvil = number(env.COREX_ANVIL_PORT, 8547);
  return {
    api: number(env.PORT, 3000),
    postgres: number(env.COREX_POSTGRES_PORT, 5432),
    securedNats: number(env.COREX_SECURED_NATS_PORT, 4223),
    anvil: { ethereum: anvil, bsc: number(env.COREX_ANVIL_PORT_BSC, anvil + 1), arbitrum: number(env.COREX_ANVIL_PORT_ARBITRUM, anvil + 2) },
    solana: number(env.COREX_SOLANA_PORT, 8899),
    guardian: number(env.COREX_GUARDIAN_PORT, 7071),
    bridge: number(env.COREX_BRIDGE_PORT, 8090),
    /** Where each worker serves /metrics and /health (docs/observability.md), from COREX_<NAME>_HTTP_PORT. */
    ops: {
      scheduler: number(env.COREX_SCHEDULER_HTTP_PORT, 9461),
      verifier: number(env.COREX_VERIFIER_HTTP_PORT, 9462),
      reputation: number(env.COREX_REPUTATION_HTTP_PORT, 9463),
      staking: number(env.COREX_STAKING_HTTP_PORT, 9464),
    },
  };
}

module.exports = { startPorts };
