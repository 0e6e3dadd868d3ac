import { Construct } from 'constructs';
import { Fn, Op, Token } from 'cdktf';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ResolvedProps } from './defaults';
import type { ResourceNames } from './names';
import { createEngineRole } from './engine-function';
import { countWhen, instanceAttribute, isExpression, optionalAttribute } from './expressions';

/** The execution role: the module's own (createRole) or the caller's (roleArn). */
export interface EngineRole {
  /** The module's role; undefined when the caller brings one (a literal createRole = false). */
  readonly resource?: IamRole;
  /** `count` of the module's role and of everything attached to it, when a Terraform expression decides. */
  readonly count?: number;
  /** The role's ARN as a reference (what names it waits for the module's role). */
  readonly arn: string;
  /** What a role policy or attachment names the role by (one instance of a counted role). */
  readonly name?: string;
}

export function engineRole(scope: Construct, p: ResolvedProps, names: ResourceNames): EngineRole {
  const settings = { path: p.rolePath, permissionsBoundaryArn: p.permissionsBoundaryArn };
  if (!isExpression(p.createRole)) {
    if (!p.createRole) return { arn: p.roleArn! };
    const role = createEngineRole(scope, names, settings);
    return { resource: role, arn: role.arn, name: role.id };
  }
  const count = countWhen(p.createRole);
  const role = createEngineRole(scope, names, { ...settings, count });
  return {
    resource: role,
    count,
    arn: Token.asString(Fn.conditional(p.createRole, optionalAttribute(role, 'arn'), p.roleArn)),
    name: instanceAttribute(role, 'id'),
  };
}

/** The role's ARN built from names (known at plan time), or the brought role's. */
export function plannedRoleArn(p: ResolvedProps, built: string): string {
  if (!isExpression(p.createRole)) return p.createRole ? built : p.roleArn!;
  return Token.asString(Fn.conditional(p.createRole, built, p.roleArn));
}

/**
 * The AWS managed policies VPC placement and X-Ray tracing need, on the module's role (a brought role
 * gets them from its owner): one attachment each, counted where Terraform decides.
 */
export function attachFeaturePolicies(
  scope: Construct,
  p: ResolvedProps,
  role: EngineRole,
  partition: string,
): IamRolePolicyAttachment[] {
  if (!role.resource) return [];
  const features = [
    {
      id: 'engine_vpc_access',
      policy: 'service-role/AWSLambdaVPCAccessExecutionRole',
      on: isExpression(p.subnetIds) ? Op.gte(Fn.lengthOf(p.subnetIds), 1) : p.subnetIds.length > 0,
    },
    { id: 'engine_tracing', policy: 'AWSXRayDaemonWriteAccess', on: p.enableTracing },
  ];
  return features.flatMap((f) => {
    const switched = isExpression(f.on) || role.count !== undefined;
    if (!switched && !f.on) return [];
    const on = role.count === undefined ? f.on : Op.and(p.createRole, f.on);
    const attachment = new IamRolePolicyAttachment(scope, f.id, {
      role: role.count === undefined ? role.name! : instanceAttribute(role.resource!, 'id', '0'),
      policyArn: `arn:${partition}:iam::aws:policy/${f.policy}`,
      count: switched ? countWhen(on as boolean) : undefined,
    });
    attachment.overrideLogicalId(f.id);
    return [attachment];
  });
}
