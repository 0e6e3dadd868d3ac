import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { ResolvedProps } from './defaults';
import type { ResourceNames } from './names';
import type { LambdaCode } from './asset';
import { policyDocument } from './policy-document';
import { LAMBDA_RUNTIME } from './lambda-runtime';

export interface RoleSettings {
  readonly path: string;
  /** undefined (cdktf) or an expression that may be null (the HCL module's variable): no boundary. */
  readonly permissionsBoundaryArn?: string;
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
  readonly role: IamRole;
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
    role: input.role.arn,
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
