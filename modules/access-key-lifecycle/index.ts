export { AccessKeyLifecycle } from './access-key-lifecycle';
export type * from './props';
export { InvalidPropError } from './errors';
export { enginePermissions, toPolicyJson, type PermissionStatement } from './permissions';
export { METRIC_NAMESPACE } from './alarms';
