import { Construct } from 'constructs';
import { Fn, Token, type ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction, type LambdaFunctionConfig } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { ResolvedProps } from './defaults';
import type { ResourceNames } from './names';
import type { LambdaCode } from './asset';
import { policyDocument } from './policy-document';
import { LAMBDA_RUNTIME } from './lambda-runtime';
import { isExpression } from './expressions';

export interface RoleSettings {
  readonly path: string;
  /** undefined (cdktf) or an expression that may be null (the HCL module's variable): no boundary. */
  readonly permissionsBoundaryArn?: string;
  /** Set when the role exists only under a condition (the HCL module's `create_role`). */
  readonly count?: number;
}

/** The role exists before everything that names it (key policy, secret policies, environment). */
export function createEngineRole(
  scope: Construct,
  names: ResourceNames,
  settings: RoleSettings,
): IamRole {
  const trust = policyDocument(scope, 'engine_assume_role', [
    {
      sid: 'LambdaAssumesEngineRole',
      effect: 'Allow',
      principals: { Service: ['lambda.amazonaws.com'] },
      actions: ['sts:AssumeRole'],
      resources: [],
    },
  ]);
  const role = new IamRole(scope, 'engine_role', {
    name: names.roleName,
    description: 'Execution role of the IAM access key lifecycle engine',
    assumeRolePolicy: trust.json,
    path: settings.path,
    permissionsBoundary: settings.permissionsBoundaryArn,
    count: settings.count,
  });
  role.overrideLogicalId('engine');
  return role;
}

export interface EngineSupport {
  readonly logGroup: CloudwatchLogGroup;
  readonly deadLetters: SqsQueue;
}

export function createEngineSupport(
  scope: Construct,
  p: ResolvedProps,
  names: ResourceNames,
  kmsKeyArn: string,
): EngineSupport {
  const logGroup = new CloudwatchLogGroup(scope, 'engine_logs', {
    name: names.logGroupName,
    retentionInDays: p.logRetentionDays,
    kmsKeyId: kmsKeyArn,
    // The audit trail: a new name (namePrefix) would delete it with every log in it, so the plan fails
    // instead (docs/module.md, "Inputs that replace or remove resources").
    lifecycle: { preventDestroy: true },
  });
  logGroup.overrideLogicalId('engine');
  const deadLetters = new SqsQueue(scope, 'dead_letters', {
    name: names.dlqName,
    kmsMasterKeyId: kmsKeyArn,
    // The maximum, so a failed run's event survives a two-week holiday.
    messageRetentionSeconds: 1209600,
  });
  deadLetters.overrideLogicalId('dead_letters');
  return { logGroup, deadLetters };
}

export interface EngineFunctionInput {
  readonly p: ResolvedProps;
  readonly names: ResourceNames;
  /** ARN of the execution role (the module's or the caller's). */
  readonly roleArn: string;
  readonly support: EngineSupport;
  readonly code: LambdaCode;
  readonly kmsKeyArn: string;
  readonly environment: Record<string, string>;
  /** What the function needs before it runs, besides its log group (role policies, topic). */
  readonly dependsOn: readonly ITerraformDependable[];
}

export function createEngineFunction(scope: Construct, input: EngineFunctionInput): LambdaFunction {
  const { p, names, support } = input;
  const fn = new LambdaFunction(scope, 'engine', {
    functionName: names.functionName,
    description: `IAM access key lifecycle engine (${p.mode} mode)`,
    role: input.roleArn,
    runtime: LAMBDA_RUNTIME,
    handler: 'index.handler',
    architectures: [p.architecture],
    filename: input.code.filename,
    sourceCodeHash: input.code.sourceCodeHash,
    memorySize: p.memorySizeMb,
    timeout: p.timeoutSeconds,
    reservedConcurrentExecutions: p.reservedConcurrentExecutions,
    kmsKeyArn: input.kmsKeyArn,
    environment: { variables: input.environment },
    deadLetterConfig: { targetArn: support.deadLetters.arn },
    loggingConfig: { logFormat: 'Text', logGroup: support.logGroup.name },
    ...placement(p),
    // The log group and permissions must exist before the first invocation can write or act.
    dependsOn: [support.logGroup, ...input.dependsOn],
  });
  fn.overrideLogicalId('engine');
  const retries = new LambdaFunctionEventInvokeConfig(scope, 'engine_async', {
    functionName: fn.functionName,
    maximumRetryAttempts: p.maxRetryAttempts,
    maximumEventAgeInSeconds: p.maxEventAgeSeconds,
  });
  retries.overrideLogicalId('engine');
  return fn;
}

/**
 * VPC placement, X-Ray tracing and code signing: left out of a cdktf stack that does not use them (its
 * plan stays as it was); in the HCL module the blocks are always written, from the variables (empty
 * subnet and group lists mean no VPC, `PassThrough` no active tracing).
 */
function placement(p: ResolvedProps): Partial<LambdaFunctionConfig> {
  const vpc =
    isExpression(p.subnetIds) || p.subnetIds.length > 0
      ? {
          vpcConfig: {
            subnetIds: p.subnetIds as string[],
            securityGroupIds: p.securityGroupIds as string[],
          },
        }
      : {};
  const tracing = isExpression(p.enableTracing)
    ? {
        tracingConfig: {
          mode: Token.asString(Fn.conditional(p.enableTracing, 'Active', 'PassThrough')),
        },
      }
    : p.enableTracing
      ? { tracingConfig: { mode: 'Active' } }
      : {};
  return { ...vpc, ...tracing, codeSigningConfigArn: p.codeSigningConfigArn };
}
