// Unit specs (*.spec.ts) need no infrastructure; integration specs (*.int.spec.ts) talk to the
// real NATS and Postgres started by .ci/run or already running locally; stack specs (test/e2e,
// test/browser) start the network itself as processes (`npm run test:stack`).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
// @nats-io/obj loads node:crypto with a dynamic import(), which Jest's sandbox refuses without
// --experimental-vm-modules: compiled to require(), as Node runs it outside Jest anyway.
const natsObj = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: false }, swcrc: false }];
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }], 'node_modules/@nats-io/obj/lib/.+\\.js$': natsObj };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@nats-io/obj/)'],
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Global only: jest ignores testTimeout inside a project entry.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.int.spec.ts'],
    },
    {
      ...common,
      displayName: 'stack',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts', '<rootDir>/test/browser/**/*.spec.ts'],
    },
  ],
};
