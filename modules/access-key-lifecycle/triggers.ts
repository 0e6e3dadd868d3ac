import { Construct } from 'constructs';
import { Fn, Op } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { ResourceNames } from './names';
import { instanceAttribute } from './expressions';
import { spelledFor } from './prop-names';

interface IssuerMatch {
  readonly userIdentity: {
    readonly sessionContext: { readonly sessionIssuer: { readonly arn: readonly object[] } };
  };
}

export interface KeyEventPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly string[];
  readonly detail: {
    readonly eventSource: readonly string[];
    readonly eventName: readonly string[];
    readonly $or: readonly IssuerMatch[];
  };
}

/**
 * The IAM CloudTrail events that can change a key's state outside the engine. The engine's own
 * CreateAccessKey/UpdateAccessKey calls are excluded: each would re-trigger the engine for a change it
 * just made. `anything-but` never matches a missing field, so callers without a session issuer (IAM
 * users, root) are let through by the second `$or` branch.
 */
export function keyEventPattern(engineRoleArn: string): KeyEventPattern {
  const issuer = (arn: readonly object[]): IssuerMatch => ({
    userIdentity: { sessionContext: { sessionIssuer: { arn } } },
  });
  return {
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['CreateAccessKey', 'UpdateAccessKey'],
      $or: [issuer([{ 'anything-but': [engineRoleArn] }]), issuer([{ exists: false }])],
    },
  };
}

export function createSchedule(
  scope: Construct,
  names: ResourceNames,
  fn: LambdaFunction,
  scheduleExpression: string,
): CloudwatchEventRule {
  const rule = new CloudwatchEventRule(scope, 'schedule', {
    name: names.scheduleRuleName,
    description: `Regular run of ${names.functionName}`,
    scheduleExpression,
  });
  rule.overrideLogicalId('schedule');
  invokeFrom(scope, 'schedule', rule, fn);
  return rule;
}

export function createKeyEventTrigger(
  scope: Construct,
  names: ResourceNames,
  fn: LambdaFunction,
  region: string,
  engineRoleArn: string,
  count?: number,
): CloudwatchEventRule {
  const trigger = spelledFor('enableCloudTrailTrigger', count !== undefined);
  const rule = new CloudwatchEventRule(scope, 'key_events', {
    count,
    name: names.cloudTrailRuleName,
    description: `Evaluates one user on CloudTrail access key events (${names.functionName})`,
    eventPattern: Fn.jsonencode(keyEventPattern(engineRoleArn)),
    lifecycle: {
      precondition: [
        {
          // IAM is global: its CloudTrail events reach EventBridge in us-east-1 only.
          condition: Op.eq(region, 'us-east-1'),
          // Counted only in the exported HCL module: name the switch as its callers write it.
          errorMessage: `${trigger} needs the module in us-east-1, where IAM delivers its CloudTrail events; deploy there or set ${trigger} to false.`,
        },
      ],
    },
  });
  rule.overrideLogicalId('key_events');
  invokeFrom(scope, 'key_events', rule, fn, count);
  return rule;
}

function invokeFrom(
  scope: Construct,
  id: string,
  rule: CloudwatchEventRule,
  fn: LambdaFunction,
  count?: number,
): void {
  const ruleAttribute = (name: 'name' | 'arn') =>
    count === undefined ? rule[name] : instanceAttribute(rule, name);
  const target = new CloudwatchEventTarget(scope, `${id}_target`, {
    count,
    rule: ruleAttribute('name'),
    arn: fn.arn,
  });
  target.overrideLogicalId(id);
  const permission = new LambdaPermission(scope, `${id}_permission`, {
    statementId: `AllowEventBridge-${id}`,
    action: 'lambda:InvokeFunction',
    functionName: fn.functionName,
    principal: 'events.amazonaws.com',
    sourceArn: ruleAttribute('arn'),
    count,
  });
  permission.overrideLogicalId(id);
}
