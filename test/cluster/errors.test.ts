import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeClusterError, errorFromResponse, targetOfPath } from '../../src/cluster/errors.ts';

describe('errorFromResponse reads real Status bodies', () => {
  const server = 'https://10.0.0.1:6443';
  test('forbidden exec: verb, subresource and namespace come from the message', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "client" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"', reason: 'Forbidden', details: { name: 'client', kind: 'pods' }, code: 403 });
    const e = errorFromResponse(403, body, '/api/v1/namespaces/default/pods/client/exec', server);
    assert.equal(describeClusterError(e), 'forbidden: RBAC does not allow "create" on pods/exec in namespace "default"; check with: kubectl auth can-i create pods --subresource=exec -n default');
  });
  test('forbidden cluster scope', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope', reason: 'Forbidden', code: 403 });
    assert.equal(describeClusterError(errorFromResponse(403, body, '/api/v1/nodes?limit=500', server)), 'forbidden: RBAC does not allow "list" on nodes cluster-wide; check with: kubectl auth can-i list nodes');
  });
  test('a 403 without a body still names what the request needed', () => {
    const e = errorFromResponse(403, '', '/apis/apps/v1/namespaces/kube-system/deployments/coredns', server);
    assert.match(describeClusterError(e), /kubectl auth can-i get deployments\.apps -n kube-system$/);
  });
  test('401 without body', () => {
    assert.match(describeClusterError(errorFromResponse(401, '', '/api/v1/pods', server)), /^the API server at https:\/\/10\.0\.0\.1:6443 rejected the credentials \(401 Unauthorized\)/);
  });
  test('404 of a namespaced object', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'pods "clint" not found', reason: 'NotFound', details: { name: 'clint', kind: 'pods' }, code: 404 });
    assert.equal(describeClusterError(errorFromResponse(404, body, '/api/v1/namespaces/default/pods/clint', server)), 'pod "clint" not found in namespace "default"');
  });
  test('503 with a plain-text body', () => {
    assert.equal(describeClusterError(errorFromResponse(503, 'upstream connect error\nmore', '/api/v1/pods', server)), 'the API server failed on /api/v1/pods (HTTP 503): upstream connect error');
  });
  test('targetOfPath', () => {
    assert.deepEqual(targetOfPath('/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?limit=500'), { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace: 'shop' });
    assert.deepEqual(targetOfPath('/api/v1/namespaces/shop'), { verb: 'get', resource: 'namespaces', group: '', name: 'shop' });
  });
});
