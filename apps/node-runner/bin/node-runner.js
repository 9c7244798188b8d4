#!/usr/bin/env node
'use strict';
// The runner ships as TypeScript; compile it on load.
require('@swc-node/register');
require('../src/cli.ts');
