import { Construct } from 'constructs';
import { Fn, TerraformLocal, TerraformStack } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { AccessKeyLifecycleProps } from './props';
import { applyDefaults, type ResolvedProps } from './defaults';
import { validateProps } from './validate-props';
import { InvalidPropError } from './errors';
import { resourceNames, type ResourceNames } from './names';
import { enginePolicyJson } from './engine-policy';
import { engineKeyArn } from './kms';
import { createNotifications } from './notifications';
import { createManagedSecrets, type ManagedSecrets } from './secrets';
import { createEngineFunction, createEngineRole, createEngineSupport } from './engine-function';
import { engineEnvironment } from './engine-environment';
import { lambdaCode } from './asset';
import { createKeyEventTrigger, createSchedule } from './triggers';
import { createAlarms } from './alarms';
import { createOutputs } from './outputs';
import { dashboardOutput } from './dashboard-wiring';
import { createCoordinationTable } from './coordination';
import { createStateMacKey } from './state-mac-key';
import { tagPrefixGuardStatementJson } from './tag-guard';
import { concatenated, countWhen, isExpression, optionalAttribute } from './expressions';

const MARKER = Symbol.for('iam-key-lifecycle.AccessKeyLifecycle');

/**
 * Everything one AWS account needs to run the access key lifecycle engine. Resources carry fixed,
 * readable logical ids (`aws_lambda_function.engine`), so use one instance per stack.
 */
export class AccessKeyLifecycle extends Construct {
  public readonly props: ResolvedProps;

  constructor(scope: Construct, id: string, props: AccessKeyLifecycleProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const holder = stack as unknown as Record<symbol, boolean>;
    if (holder[MARKER]) {
      throw new InvalidPropError(
        'scope',
        `AccessKeyLifecycle "${id}" is the second in stack "${stack.node.id}"; use one stack per account`,
      );
    }
    holder[MARKER] = true;
    const p = applyDefaults(props);
    validateProps(p);
    this.props = p;
    this.build(p);
  }

  private build(p: ResolvedProps): void {
    const names = resourceNames(p.namePrefix);
    const partition = new DataAwsPartition(this, 'partition');
    partition.overrideLogicalId('current');
    const regionData = new DataAwsRegion(this, 'region');
    regionData.overrideLogicalId('current');
    const role = createEngineRole(this, names);
    // The account id comes from the role's ARN: no STS call at plan time, so plans work offline.
    const account = new TerraformLocal(this, 'account_id', Fn.element(Fn.split(':', role.arn), 4));
    account.overrideLogicalId('account_id');
    const ctx = {
      partition: partition.partition,
      region: regionData.name,
      accountId: account.asString,
    };

    const kmsKeyArn = engineKeyArn(this, p.kmsKeyArn, {
      ...ctx,
      engineRoleArn: role.arn,
      secretPrefix: p.secretPrefix,
      names,
    });
    const topic = createNotifications(this, {
      names,
      kmsKeyArn,
      opsEmails: p.opsEmails,
      owners: p.owners,
    });
    const support = createEngineSupport(this, p, names, kmsKeyArn);
    const coordination = createCoordinationTable(this, names, kmsKeyArn);
    const stateMacKey = createStateMacKey(this, { ...ctx, engineRoleArn: role.arn, names });
    const policy = enginePolicyJson(
      this,
      {
        ...ctx,
        topicArn: topic.arn,
        kmsKeyArn,
        dlqArn: support.deadLetters.arn,
        logGroupArn: support.logGroup.arn,
        coordinationTableArn: coordination.arn,
        stateMacKeyArn: stateMacKey.arn,
      },
      p,
    );
    const rolePolicy = new IamRolePolicy(this, 'engine_policy', {
      name: 'access-key-lifecycle',
      role: role.id,
      policy,
    });
    rolePolicy.overrideLogicalId('engine');
    const secrets = createManagedSecrets(this, {
      ...ctx,
      kmsKeyArn,
      secretPrefix: p.secretPrefix,
      users: p.managedSecretUsers,
      readerArns: concatenated([role.arn], p.secretAdminPrincipalArns),
    });
    const fn = createEngineFunction(this, {
      p,
      names,
      role,
      rolePolicy,
      support,
      code: lambdaCode(this, p.lambdaZipPath),
      kmsKeyArn,
      environment: engineEnvironment(p, {
        topicArn: topic.arn,
        kmsKeyArn,
        engineRoleArn: role.arn,
        coordinationTableName: coordination.name,
        stateMacKeyArn: stateMacKey.arn,
      }),
    });
    const schedule = createSchedule(this, names, fn, p.scheduleExpression);
    const keyEventsRuleName = this.keyEventTrigger(p, names, fn, ctx.region, role.arn);
    if (p.enableAlarms) {
      createAlarms(this, {
        names,
        topicArn: topic.arn,
        functionName: fn.functionName,
        dlqName: support.deadLetters.name,
        count: isExpression(p.enableAlarms) ? countWhen(p.enableAlarms) : undefined,
      });
    }
    createOutputs(this, {
      functionName: fn.functionName,
      functionArn: fn.arn,
      roleArn: role.arn,
      topicArn: topic.arn,
      kmsKeyArn,
      dlqArn: support.deadLetters.arn,
      dlqUrl: support.deadLetters.url,
      logGroupName: support.logGroup.name,
      scheduleRuleName: schedule.name,
      keyEventsRuleName,
      keyEventsSwitchable: isExpression(p.enableCloudTrailTrigger),
      secretArns: secretArnsByUser(secrets),
      coordinationTableName: coordination.name,
      coordinationTableArn: coordination.arn,
      stateMacKeyArn: stateMacKey.arn,
      tagPrefixGuardStatement: tagPrefixGuardStatementJson(
        p.tagPrefix,
        role.arn,
        p.tagAdminPrincipalArns,
      ),
      ...dashboardOutput(this, p, { names, fn, dlqName: support.deadLetters.name, ...ctx }),
    });
  }

  /** The rule's name; undefined when off, a possibly-null expression when switched by Terraform. */
  private keyEventTrigger(
    p: ResolvedProps,
    names: ResourceNames,
    fn: LambdaFunction,
    region: string,
    roleArn: string,
  ): string | undefined {
    if (!isExpression(p.enableCloudTrailTrigger)) {
      return p.enableCloudTrailTrigger
        ? createKeyEventTrigger(this, names, fn, region, roleArn).name
        : undefined;
    }
    const count = countWhen(p.enableCloudTrailTrigger);
    return optionalAttribute(
      createKeyEventTrigger(this, names, fn, region, roleArn, count),
      'name',
    );
  }
}

function secretArnsByUser(secrets: ManagedSecrets): Readonly<Record<string, string>> | string {
  if (secrets instanceof SecretsmanagerSecret) {
    const address = `${secrets.terraformResourceType}.${secrets.friendlyUniqueId}`;
    return `\${{ for user, secret in ${address} : user => secret.arn }}`;
  }
  return Object.fromEntries([...secrets].map(([user, s]) => [user, s.arn]));
}
