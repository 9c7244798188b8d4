#!/usr/bin/env node
'use strict';
// The guardian ships as TypeScript; compile it on load.
require('@swc-node/register');
require('../src/devnet-guardian/main.ts');
