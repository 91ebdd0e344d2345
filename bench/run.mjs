#!/usr/bin/env node
// `npm run bench` (after `npm run build`): runs bench/run.ts with this Node, which strips the
// TypeScript types itself (Node >= 22.18; npm puts node_modules/.bin/node, Node 24, first on PATH).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`error: the benchmark needs Node >= 22.18 (it runs TypeScript directly); this is ${process.version}.\n` +
    'Run it as `npm run bench`, or put node_modules/.bin first on PATH.\n');
  process.exit(2);
}
await import('./run.ts');
