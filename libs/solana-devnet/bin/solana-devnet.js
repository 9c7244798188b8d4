#!/usr/bin/env node
'use strict';
// The devnet ships as TypeScript; compile it on load.
require('@swc-node/register');
require('../src/server/cli.ts');
