/**
 * Cluster objects the rules' docs examples assume (trimmed views of what kubeadm deploys).
 */
import type { DeploymentView } from '../model/view.ts';

/** kubeadm's coredns Deployment: liveness /health:8080, readiness /ready:8181. */
export const EXAMPLE_DEPLOYMENT: DeploymentView = {
  namespace: 'kube-system',
  name: 'coredns',
  labels: { 'k8s-app': 'kube-dns' },
  replicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  selector: { 'k8s-app': 'kube-dns' },
  containers: [
    {
      name: 'coredns',
      image: 'registry.k8s.io/coredns/coredns:v1.11.3',
      args: ['-conf', '/etc/coredns/Corefile'],
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
      ],
      livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
    },
  ],
  configMapVolumes: [
    { volume: 'config-volume', configMap: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }], mountPaths: ['/etc/coredns'] },
  ],
};
