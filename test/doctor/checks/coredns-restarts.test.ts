import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

function lastTerminated(pod: Obj, reason: string, restarts: number): void {
  const s = pod['status'].containerStatuses[0];
  s.restartCount = restarts;
  s.lastState = { terminated: { exitCode: reason === 'OOMKilled' ? 137 : 1, reason, startedAt: '2026-11-20T08:00:00Z', finishedAt: '2026-11-20T09:12:00Z' } };
}

testCheck('coredns-restarts', [
  {
    name: 'no restarts',
    inputs: cluster({ edit: (items) => (find(items, 'Pod', 'coredns-7c65d6cfc9-b8m2p')['status'].containerStatuses[0].restartCount = 0) }),
    status: 'ok',
    evidence: ['2 pods, no container restarts'],
  },
  {
    name: 'kubeadm fixture: one restart at start-up (Error)',
    inputs: cluster(),
    status: 'warn',
    evidence: ['coredns-7c65d6cfc9-b8m2p/coredns: 1 restart, last ended Error'],
    hint: ['--previous'],
  },
  {
    name: 'OOMKilled under a too small memory limit',
    inputs: cluster({ edit: (items) => lastTerminated(find(items, 'Pod', 'coredns-7c65d6cfc9-4xkqz'), 'OOMKilled', 14) }),
    status: 'fail',
    evidence: ['coredns-7c65d6cfc9-4xkqz/coredns: 14 restarts, last ended OOMKilled'],
    hint: ['memory limit'],
  },
  {
    name: 'crash-looping now',
    inputs: cluster({
      edit: (items) => {
        const p = find(items, 'Pod', 'coredns-7c65d6cfc9-4xkqz');
        lastTerminated(p, 'Error', 5);
        p['status'].containerStatuses[0].state = { waiting: { reason: 'CrashLoopBackOff' } };
      },
    }),
    status: 'fail',
    evidence: ['now CrashLoopBackOff'],
  },
]);
