#!/usr/bin/env node
import { main } from '../dist/src/cli.js';
import { createProcessContext } from '../dist/src/context.js';

process.exitCode = await main(process.argv.slice(2), createProcessContext());
