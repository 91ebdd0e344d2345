#!/usr/bin/env node
import { main } from '../src/cli/main.ts';
import { processEnv } from '../src/cli/env.ts';

process.exitCode = await main(processEnv());
