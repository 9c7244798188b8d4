/**
 * anvil's (and Hardhat's) well-known development mnemonic: its keys are public, so they are used
 * only on the local chain `npm start` runs. On any other chain keys come from env or files.
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
