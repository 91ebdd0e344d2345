#!/usr/bin/env node
import { main } from '../src/cli/main.ts';
import { guardPipes, processEnv } from '../src/cli/env.ts';

guardPipes();
process.exitCode = await main(processEnv());
