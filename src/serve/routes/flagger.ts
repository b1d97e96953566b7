// Flagger sends {name, namespace, phase, metadata}. The service is metadata.service when given,
// else "namespace/name", "name.namespace" or plain "name" — whichever was scored most recently.
import { latestDeployment, type DeploymentRow } from '../../store/deployments.ts';
import type { Services } from '../context.ts';
import { AppError } from '../../errors.ts';

export interface FlaggerPayload {
  name: string;
  namespace: string;
  phase: string;
  metadata?: Record<string, string> | undefined;
}

export function flaggerServices(p: FlaggerPayload): string[] {
  const own = p.metadata?.service;
  return own ? [own] : [`${p.namespace}/${p.name}`, `${p.name}.${p.namespace}`, p.name];
}

export async function flaggerDeployment(s: Services, p: FlaggerPayload): Promise<DeploymentRow> {
  const services = flaggerServices(p);
  const row = await latestDeployment(s.deps.store.db, services, p.metadata?.environment);
  if (!row) throw new AppError('not_found', `no scored deploy for ${services.join(' or ')}`);
  return row;
}
