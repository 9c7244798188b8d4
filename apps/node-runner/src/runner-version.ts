import packageJson from '../package.json';

/** Sent with every registration, so the network can tell old runners apart. */
export const runnerVersion: string = packageJson.version;
