// Public entry of the rollout layer (pure: no I/O). Time is passed in through context.at.
export type {
  RolloutPlan,
  RiskInput,
  ArgoStep,
  FlaggerAnalysis,
  Decision,
  Strategy,
  StepGate,
} from './types.ts';
export { planRollout, type RolloutContext } from './plan.ts';
export {
  DEFAULT_POLICIES,
  policySchema,
  policyFileSchema,
  resolvePolicy,
  THRESHOLDS_GONE,
  bandWeights,
  bandMinutes,
  monotonicityProblems,
  environmentKind,
  type Policy,
  type PolicyFile,
  type PartialPolicy,
  type Band,
} from './policy.ts';
export {
  evaluateWindows,
  deployWindowSchema,
  deployWindowsSchema,
  globMatches,
  type DeployWindow,
  type WindowVerdict,
} from './windows.ts';
export { trafficProfileSchema, trafficLevel, type TrafficProfile } from './traffic.ts';
