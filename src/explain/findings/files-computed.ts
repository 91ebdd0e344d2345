import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'files-computed',
    severity: 'info',
    message: 'resolv.conf and /etc/hosts were not read inside the pod ({{why}}); they are computed the way the kubelet writes them.',
    hint: 'Grant `get` and `create` on pods/exec to read the real files, or take a snapshot with `kubectl dns snapshot --with-files`.',
    docs: {
      summary: 'The computed files match the real ones unless the image or an init container rewrote them.',
      example: 'A distroless image has no `cat`, so the files cannot be read by exec.',
    },
  },
  check(f) {
    // A pod that is not running: pod-not-running already says nothing could be read inside it.
    if (!f.pod || !f.podRunning || f.resolvOrigin === 'exec') return [];
    return [{ data: { why: f.inputs.filesProblem ?? 'not available' } }];
  },
});
