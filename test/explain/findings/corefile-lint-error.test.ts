import { findingTester } from '../finding-tester.ts';
import { editCorefile, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
// forward . 10.0.0.2 10.0.0.3 { policy randomly }: a typo in policy that reload rejects.
const typo = editCorefile(editCorefile(b, 'forward . /etc/resolv.conf', 'forward . 10.0.0.2 10.0.0.3'), 'max_concurrent 1000', 'policy randomly');

findingTester('corefile-lint-error', {
  fires: [
    {
      name: 'an edit added forward . 10.0.0.2 10.0.0.3 with a typo in policy; reload rejected it',
      inputs: inputs('web.shop', typo),
      message: ['configmap kube-system/coredns', '1 error(s)', 'randomly', '[plugin-args]'],
      hint: ['kubectl dns lint-corefile'],
      severity: 'error',
    },
  ],
  quiet: [{ name: "kubeadm's Corefile", inputs: inputs('web.shop', b) }],
});
