/** Injection tokens for values that are not classes. */
export const BRIDGE_CONFIG = Symbol('BRIDGE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_LOG = Symbol('EVENT_LOG');
/** The Postgres DataSource of the service (schemas `chain` and `bridge`). */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The bridge's view of the network (BridgeNetwork: EVM chains with signers and contracts, guardians, Solana), or null without a chain. */
export const BRIDGE_NETWORK = Symbol('BRIDGE_NETWORK');
/** The cross-chain tasks: ledger, intake, statuses back (BridgeTasks). */
export const BRIDGE_TASKS = Symbol('BRIDGE_TASKS');
