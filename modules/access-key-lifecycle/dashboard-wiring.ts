/** Creates the dashboard when `createDashboard` says so (a literal or, in the HCL module, a variable). */
import type { Construct } from 'constructs';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { createDashboard, dashboardName } from './dashboard';
import type { ResolvedProps } from './defaults';
import { countWhen, isExpression, optionalAttribute } from './expressions';
import type { ResourceNames } from './names';

export interface DashboardContext {
  readonly names: ResourceNames;
  readonly fn: LambdaFunction;
  readonly dlqName: string;
  readonly region: string;
}

/** The outputs' dashboard fields: none when off, a possibly-null expression when switched by Terraform. */
export function dashboardOutput(
  scope: Construct,
  p: ResolvedProps,
  ctx: DashboardContext,
): { dashboardName?: string; dashboardSwitchable?: boolean } {
  if (p.createDashboard === false) return {};
  const switchable = isExpression(p.createDashboard);
  const dashboard = createDashboard(scope, {
    name: dashboardName(ctx.names.functionName),
    region: ctx.region,
    functionName: ctx.fn.functionName,
    dlqName: ctx.dlqName,
    count: switchable ? countWhen(p.createDashboard) : undefined,
  });
  return switchable
    ? { dashboardName: optionalAttribute(dashboard, 'dashboard_name'), dashboardSwitchable: true }
    : { dashboardName: dashboard.dashboardName };
}
