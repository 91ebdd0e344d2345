/**
 * Runs a shell script as a pod would, with the pod's resolver: meant to be started under
 * `unshare --net --mount` (a network namespace with only loopback, a private mount namespace).
 * It brings lo up, bind-mounts the given resolv.conf over /etc/resolv.conf (so the C library's
 * resolver, getent, asks 127.0.0.1:53), starts nsd with the fixture zones on a free port and a
 * lossy relay on 127.0.0.1:53 in front of it that drops every DROP_EVERY-th query, runs the script
 * with `sh -c`, prints its stdout, then the relay's counts as one JSON line on stderr, and stops.
 *
 *   unshare --net --mount node test/harness/netns-probe-runner.ts RESOLV_FILE DROP_EVERY SCRIPT
 */
import { execFileSync, execFile } from 'node:child_process';
import { startDnsServer, FIXTURE_ZONES } from './dns-server.ts';
import { startLossyRelay } from './lossy-relay.ts';

const [resolvFile, dropEvery, script] = process.argv.slice(2) as [string, string, string];
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('mount', ['--bind', resolvFile, '/etc/resolv.conf']);
const dns = await startDnsServer({ zones: FIXTURE_ZONES });
const every = Number(dropEvery);
const relay = await startLossyRelay(dns, (n) => every > 0 && n % every === 0, { port: 53 });
const out = await new Promise<string>((resolve) => {
  execFile('sh', ['-c', script], { timeout: 120_000, maxBuffer: 16 << 20 }, (_e, stdout) => resolve(stdout));
});
process.stdout.write(out);
process.stderr.write(JSON.stringify(relay.stats) + '\n');
await relay.close();
await dns.stop();
