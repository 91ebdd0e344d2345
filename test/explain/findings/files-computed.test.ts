import { findingTester } from '../finding-tester.ts';
import { CLIENT, clusterResolvConf, editPod, execFiles, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('files-computed', {
  fires: [
    {
      name: 'a distroless image has no cat, so the files cannot be read by exec',
      inputs: inputs('web.shop', b, { filesProblem: 'exec failed: "cat": executable file not found in $PATH' }),
      message: ['not read inside the pod (exec failed: "cat": executable file not found in $PATH)'],
      hint: ['pods/exec', 'kubectl dns snapshot --with-files'],
      severity: 'info',
      also: (r) => {
        if (r.resolvConf.origin !== 'computed') throw new Error('origin should be computed');
      },
    },
  ],
  quiet: [
    {
      // pod-not-running says it (a warning, with the same hint about the computed resolv.conf).
      name: 'the pod is Pending: pod-not-running already says nothing could be read inside it',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.phase = 'Pending'; p.ready = false; }), { filesProblem: 'pod is Pending' }),
    },
    {
      name: 'resolv.conf read by exec',
      inputs: inputs('web.shop', b, { podFiles: execFiles(clusterResolvConf('default', 'lab.example.internal')) }),
    },
    {
      name: 'the snapshot carries the files (kubectl dns snapshot --with-files)',
      inputs: inputs('web.shop', { ...b, files: { 'default/client': { '/etc/resolv.conf': clusterResolvConf('default', 'lab.example.internal'), '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.1.5\tclient\n' } } }),
    },
  ],
});
