export { AccessKeyLifecycle } from './access-key-lifecycle';
export type {
  AccessKeyLifecycleProps,
  KeyOwner,
  LambdaArchitecture,
  LifecycleMode,
  LifecycleScope,
  ManagedSecretUser,
} from './props';
export { InvalidPropError } from './errors';
export { enginePermissions, toPolicyJson, type PermissionStatement } from './permissions';
export { METRIC_NAMESPACE } from './alarms';
