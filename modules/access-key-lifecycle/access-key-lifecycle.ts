import { Construct } from 'constructs';
import { TerraformLocal, TerraformStack, type ITerraformDependable } from 'cdktf';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { AccessKeyLifecycleProps } from './props';
import { applyDefaults, type ResolvedProps } from './defaults';
import { validateProps } from './validate-props';
import { InvalidPropError } from './errors';
import { resourceNames, type ResourceNames } from './names';
import { enginePolicies } from './engine-policy';
import { engineKeyArn, environmentKeyId, keyUseStatements } from './kms';
import { accountContext } from './account-context';
import { tagEveryResource } from './tags';
import { resourcePolicyStatementsJson } from './policy-document';
import { createNotifications } from './notifications';
import { createManagedSecrets, type ManagedSecrets } from './secrets';
import { createEngineFunction, createEngineSupport } from './engine-function';
import { attachFeaturePolicies, engineRole, plannedRoleArn, type EngineRole } from './engine-role';
import { engineEnvironment } from './engine-environment';
import { lambdaCode } from './asset';
import { createKeyEventTrigger, createSchedule } from './triggers';
import { createAlarms } from './alarms';
import { createOutputs } from './outputs';
import { dashboardOutput } from './dashboard-wiring';
import { createCoordinationTable, restrictCoordinationWrites } from './coordination';
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
    const ctx = accountContext(this, p.accountId);
    const role = engineRole(this, p, names);
    // Built from names (known at plan time); what names the role also waits for it (dependsOn).
    const roleArnLocal = new TerraformLocal(
      this,
      'engine_role_arn',
      plannedRoleArn(
        p,
        `arn:${ctx.partition}:iam::${ctx.accountId}:role${p.rolePath}${names.roleName}`,
      ),
    );
    roleArnLocal.overrideLogicalId('engine_role_arn');
    const roleArn = roleArnLocal.asString;
    const keyInput = { ...ctx, engineRoleArn: roleArn, secretPrefix: p.secretPrefix, names };
    const secretsKey = engineKeyArn(this, p.createKmsKey, p.kmsKeyArn, {
      ...keyInput,
      engineRole: role.resource,
    });
    const kmsKeyArn = secretsKey.arn;
    const notifications = createNotifications(this, {
      names,
      account: ctx,
      kmsKeyArn,
      create: p.createSnsTopic,
      suppliedArn: p.snsTopicArn,
      opsEmails: p.opsEmails,
      owners: p.owners,
    });
    const support = createEngineSupport(this, p, names, kmsKeyArn);
    const coordination = createCoordinationTable(this, names, kmsKeyArn);
    const stateMacKey = createStateMacKey(this, { ...ctx, engineRoleArn: role.arn, names });
    const attachments = attachFeaturePolicies(this, p, role, ctx.partition);
    const built = (service: string, resource: string) =>
      `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
    const policies = enginePolicies(
      this,
      {
        ...ctx,
        topicArn: notifications.knownArn,
        dlqArn: built('sqs', names.dlqName),
        logGroupArn: built('logs', `log-group:${names.logGroupName}`),
        coordinationTableArn: built('dynamodb', `table/${names.coordinationTableName}`),
        // Keys the module creates are named by alias (known at plan time), a brought key by its ARN.
        stateMacKey: { alias: names.stateMacKeyAlias },
      },
      { create: p.createKmsKey, alias: names.keyAlias, suppliedArn: p.kmsKeyArn },
      p,
    );
    restrictCoordinationWrites(
      this,
      coordination,
      built('dynamodb', `table/${names.coordinationTableName}`),
      roleArn,
    );
    const rolePolicies =
      role.name === undefined
        ? []
        : this.rolePolicies(role, policies, [
            // kms:ResourceAliases grants nothing until the aliases exist.
            stateMacKey.alias,
            ...(secretsKey.alias ? [secretsKey.alias] : []),
          ]);
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
      roleArn: role.arn,
      support,
      code: lambdaCode(this, p.lambdaZipPath),
      kmsKeyArn,
      environment: engineEnvironment(p, {
        topicArn: notifications.knownArn,
        secretKmsKeyId: environmentKeyId(p.createKmsKey, p.kmsKeyArn, built('kms', names.keyAlias)),
        engineRoleArn: roleArn,
        coordinationTableName: names.coordinationTableName,
        // The alias ARN: known at plan time (a key's ARN holds the id AWS assigns at create).
        stateMacKeyArn: built('kms', names.stateMacKeyAlias),
      }),
      // The environment names the topic and table by built ARN/name: wait for them explicitly.
      dependsOn: [
        ...rolePolicies,
        ...attachments,
        coordination,
        stateMacKey.alias,
        ...(notifications.topic ? [notifications.topic] : []),
      ],
    });
    const schedule = createSchedule(this, names, fn, p.scheduleExpression);
    const keyEventsRuleName = this.keyEventTrigger(p, names, fn, ctx.region, role.arn);
    if (p.enableAlarms) {
      createAlarms(this, {
        names,
        topicArn: notifications.arn,
        functionName: fn.functionName,
        dlqName: support.deadLetters.name,
        count: isExpression(p.enableAlarms) ? countWhen(p.enableAlarms) : undefined,
      });
    }
    createOutputs(this, {
      functionName: fn.functionName,
      functionArn: fn.arn,
      roleArn: role.arn,
      topicArn: notifications.arn,
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
      stateMacKeyArn: stateMacKey.key.arn,
      tagPrefixGuardStatementJson: tagPrefixGuardStatementJson(
        p.tagPrefix,
        role.arn,
        p.tagAdminPrincipalArns,
      ),
      ...dashboardOutput(this, p, { names, fn, dlqName: support.deadLetters.name, ...ctx }),
      kmsKeyPolicyStatementsJson: resourcePolicyStatementsJson(keyUseStatements(keyInput)),
      rolePolicyJson: policies.main,
      roleKeyPolicyJson: policies.keys,
    });
    tagEveryResource(this, p.tags);
  }

  /** The module role's two policies: the engine's permissions and its use of the KMS keys. */
  private rolePolicies(
    role: EngineRole,
    policies: { readonly main: string; readonly keys: string },
    keyAliases: readonly ITerraformDependable[],
  ): IamRolePolicy[] {
    const main = new IamRolePolicy(this, 'engine_policy', {
      name: 'access-key-lifecycle',
      role: role.name!,
      policy: policies.main,
      count: role.count,
    });
    main.overrideLogicalId('engine');
    const keys = new IamRolePolicy(this, 'engine_key_policy', {
      name: 'access-key-lifecycle-keys',
      role: role.name!,
      policy: policies.keys,
      count: role.count,
      dependsOn: [...keyAliases],
    });
    keys.overrideLogicalId('engine_keys');
    return [main, keys];
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

function secretArnsByUser(secrets: ManagedSecrets): string {
  const address = `${secrets.terraformResourceType}.${secrets.friendlyUniqueId}`;
  return `\${{ for user, secret in ${address} : user => secret.arn }}`;
}
