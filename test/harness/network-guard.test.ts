import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { isLoopbackHost } from './network-guard.ts';

const GUARD = new URL('./network-guard.ts', import.meta.url).pathname;

/** Runs a snippet in a fresh node with the guard preloaded, as scripts/run-tests.mjs does. */
function underGuard(code: string): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('loopback is allowed, everything else is not', () => {
  for (const h of ['127.0.0.1', '127.3.4.5', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['10.96.0.10', '192.0.2.1', '8.8.8.8', '::ffff:10.0.0.1', 'fd00::10', 'example.com', '0.0.0.0']) assert.ok(!isLoopbackHost(h), h);
});

test('a TCP connect outside loopback fails the process even when the error is swallowed', () => {
  const r = underGuard(`
    import net from 'node:net';
    try { net.connect({ host: '192.0.2.1', port: 443 }); } catch {}
    try { new net.Socket().connect(53, '10.96.0.10'); } catch {}
    console.log('still running');
  `);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /network-guard: TCP connect to 192\.0\.2\.1:443/);
  assert.match(r.stderr, /network-guard: TCP connect to 10\.96\.0\.10:53/);
});

test('a UDP send or connect outside loopback fails the process; loopback passes', () => {
  const r = underGuard(`
    import dgram from 'node:dgram';
    const s = dgram.createSocket('udp4');
    try { s.send(Buffer.from('x'), 53, '10.96.0.10'); } catch {}
    try { s.send(Buffer.from('x'), 0, 1, 53, '192.0.2.1'); } catch {}
    const c = dgram.createSocket('udp4');
    try { c.connect(53, '8.8.8.8'); } catch {}
    const ok = dgram.createSocket('udp4');
    ok.send(Buffer.from('x'), 9, '127.0.0.1', () => { ok.close(); s.close(); c.close(); });
  `);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /UDP send to 10\.96\.0\.10:53/);
  assert.match(r.stderr, /UDP send to 192\.0\.2\.1:53/);
  assert.match(r.stderr, /UDP connect to 8\.8\.8\.8:53/);
  assert.doesNotMatch(r.stderr, /127\.0\.0\.1/);
});

test('loopback-only traffic leaves the exit code alone', () => {
  const r = underGuard(`
    import net from 'node:net';
    const srv = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
      const c = net.connect(srv.address().port, '127.0.0.1', () => { c.end(); srv.close(); });
    });
  `);
  assert.equal(r.status, 0, r.stderr);
});

test('this test process runs under the guard too (scripts/run-tests.mjs preloads it)', { skip: !process.env['KDNS_NETWORK_GUARD'] }, () => {
  const net = process.getBuiltinModule('node:net');
  assert.equal(net.Socket.prototype.connect.name, 'guardedConnect');
});
