/**
 * A small stateful fake of the IAM, Secrets Manager and SNS APIs the engine uses, wired into real SDK
 * clients with aws-sdk-client-mock. State changes (created keys, statuses, secret versions) are visible
 * to later reads, so fresh re-reads and rollbacks behave as they would against AWS. Faults inject an
 * error into the n-th call of one command.
 */
import * as iamApi from '@aws-sdk/client-iam';
import * as smApi from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  AccountState,
  NOW,
  STATUS,
  type FakeKey,
  type FakeUser,
  type FakeVersion,
  newKeyId,
  newSecret,
} from '../../support/account-state';
export {
  ACCOUNT,
  DAY_MS,
  NOW,
  daysAgo,
  type FakeKey,
  type FakeUser,
} from '../../support/account-state';

interface FakeSecret {
  name: string;
  tags: { Key: string; Value: string }[];
  kmsKeyId?: string;
  policy?: string;
  deletedDate?: Date;
  versions: FakeVersion[];
  /** Regions the secret is replicated to. */
  replicaRegions?: string[];
  rotationLambdaArn?: string;
}

export function awsError(name: string, message = `${name} (injected)`): Error {
  const status = STATUS[name];
  return Object.assign(new Error(message), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

/** The resource policy the module writes on the secrets it creates (modules/access-key-lifecycle/secrets.ts). */
export function moduleSecretPolicy(userName: string, readers: readonly string[] = []): string {
  const owner = `arn:aws:iam::${ACCOUNT}:user/${userName}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnerReadsOwnKey',
        Effect: 'Allow',
        Principal: { AWS: [owner] },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseReadsTheKey',
        Effect: 'Deny',
        Principal: { AWS: ['*'] },
        Action: ['secretsmanager:GetSecretValue'],
        Resource: '*',
        Condition: {
          StringNotEquals: {
            'aws:PrincipalArn': [
              owner,
              'arn:aws:iam::123456789012:role/key-lifecycle-engine',
              ...readers,
            ],
          },
        },
      },
    ],
  });
}

export class FakeAccount extends AccountState {
  protected raise(name: string, message?: string): Error {
    return awsError(name, message);
  }

  readonly users = new Map<string, FakeUser>();
  readonly secrets = new Map<string, FakeSecret>();
  readonly published: PublishCommandInput[] = [];

  readonly iam = new iamApi.IAMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  readonly sm = new smApi.SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  readonly sns = new SNSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });

  constructor() {
    super();
    this.wireIam();
    this.wireSecrets();
    mockClient(this.sns)
      .on(PublishCommand)
      .callsFake((input: PublishCommandInput) => {
        this.call('Publish');
        this.published.push(input);
        return { MessageId: `m-${this.published.length}` };
      });
  }

  private wireIam(): void {
    const m = mockClient(this.iam);
    const arn = (u: FakeUser) => `arn:aws:iam::${ACCOUNT}:user${u.path}${u.userName}`;
    const tags = (u: FakeUser) => Object.entries(u.tags).map(([Key, Value]) => ({ Key, Value }));
    m.on(iamApi.GetAccountAuthorizationDetailsCommand).callsFake(() => {
      this.call('GetAccountAuthorizationDetails');
      return {
        IsTruncated: false,
        UserDetailList: [...this.users.values()].map((u) => ({
          UserName: u.userName,
          Path: u.path,
          Arn: arn(u),
          Tags: tags(u),
          GroupList: u.groups,
        })),
      };
    });
    m.on(iamApi.GetUserCommand).callsFake(({ UserName }: { UserName: string }) => {
      this.call('GetUser');
      const u = this.user(UserName);
      return { User: { UserName, Path: u.path, Arn: arn(u), Tags: tags(u) } };
    });
    m.on(iamApi.ListGroupsForUserCommand).callsFake(({ UserName }: { UserName: string }) => {
      this.call('ListGroupsForUser');
      return { Groups: this.user(UserName).groups.map((GroupName) => ({ GroupName })) };
    });
    m.on(iamApi.GenerateCredentialReportCommand).callsFake(() => {
      this.call('GenerateCredentialReport');
      return { State: 'COMPLETE' };
    });
    m.on(iamApi.GetCredentialReportCommand).callsFake(() => {
      this.call('GetCredentialReport');
      if (this.credentialReport !== 'available') throw this.credentialReport;
      return { Content: new TextEncoder().encode(this.reportCsv()), ReportFormat: 'text/csv' };
    });
    m.on(iamApi.ListAccessKeysCommand).callsFake(({ UserName }: { UserName: string }) => {
      this.call('ListAccessKeys');
      return {
        AccessKeyMetadata: this.user(UserName).keys.map((k) => ({
          UserName,
          AccessKeyId: k.accessKeyId,
          Status: k.status,
          CreateDate: k.createDate,
        })),
      };
    });
    m.on(iamApi.GetAccessKeyLastUsedCommand).callsFake(
      ({ AccessKeyId }: { AccessKeyId: string }) => {
        this.call('GetAccessKeyLastUsed');
        const key = [...this.users.values()]
          .flatMap((u) => u.keys)
          .find((k) => k.accessKeyId === AccessKeyId);
        return {
          AccessKeyLastUsed: key?.lastUsed
            ? { LastUsedDate: key.lastUsed, ServiceName: 's3', Region: 'us-east-1' }
            : { ServiceName: 'N/A', Region: 'N/A' },
        };
      },
    );
    m.on(iamApi.CreateAccessKeyCommand).callsFake(({ UserName }: { UserName: string }) => {
      this.call('CreateAccessKey');
      const u = this.user(UserName);
      if (u.keys.length >= 2)
        throw awsError('LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2');
      const accessKeyId = newKeyId();
      const key: FakeKey = {
        accessKeyId,
        secret: newSecret(accessKeyId),
        status: 'Active',
        createDate: NOW,
      };
      u.keys.push(key);
      this.created.push(key);
      if (this.lostResponses.delete('CreateAccessKey')) {
        throw Object.assign(new Error('socket hang up (the answer was lost)'), {
          name: 'Error',
          code: 'ECONNRESET',
          $metadata: {},
        });
      }
      return {
        AccessKey: {
          UserName,
          AccessKeyId: accessKeyId,
          SecretAccessKey: key.secret,
          Status: 'Active',
          CreateDate: NOW,
        },
      };
    });
    m.on(iamApi.UpdateAccessKeyCommand).callsFake((input: iamApi.UpdateAccessKeyCommandInput) => {
      this.call('UpdateAccessKey');
      this.keyOf(input.UserName ?? '', input.AccessKeyId ?? '').status =
        input.Status as FakeKey['status'];
      return {};
    });
    m.on(iamApi.DeleteAccessKeyCommand).callsFake((input: iamApi.DeleteAccessKeyCommandInput) => {
      this.call('DeleteAccessKey');
      const u = this.user(input.UserName ?? '');
      this.keyOf(u.userName, input.AccessKeyId ?? '');
      u.keys = u.keys.filter((k) => k.accessKeyId !== input.AccessKeyId);
      return {};
    });
    m.on(iamApi.TagUserCommand).callsFake((input: iamApi.TagUserCommandInput) => {
      this.call('TagUser');
      const u = this.user(input.UserName ?? '');
      const after = new Set([
        ...Object.keys(u.tags),
        ...(input.Tags ?? []).map((t) => t.Key ?? ''),
      ]);
      if (after.size > 50)
        throw awsError('LimitExceededException', 'Cannot exceed quota for TagsPerUser: 50');
      for (const t of input.Tags ?? []) u.tags[t.Key ?? ''] = t.Value ?? '';
      return {};
    });
    m.on(iamApi.UntagUserCommand).callsFake((input: iamApi.UntagUserCommandInput) => {
      this.call('UntagUser');
      const u = this.user(input.UserName ?? '');
      for (const k of input.TagKeys ?? []) delete u.tags[k];
      return {};
    });
  }

  private wireSecrets(): void {
    const m = mockClient(this.sm);
    const find = (id: string | undefined) => {
      const s = this.secrets.get(id ?? '');
      if (!s)
        throw awsError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      return s;
    };
    m.on(smApi.DescribeSecretCommand).callsFake(({ SecretId }: { SecretId: string }) => {
      this.call('DescribeSecret');
      const s = find(SecretId);
      return {
        Name: s.name,
        ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${s.name}-AbCdEf`,
        ReplicationStatus: s.replicaRegions?.map((Region) => ({ Region, Status: 'InSync' })),
        RotationEnabled: s.rotationLambdaArn !== undefined,
        RotationLambdaARN: s.rotationLambdaArn,
        Tags: s.tags,
        KmsKeyId: s.kmsKeyId,
        DeletedDate: s.deletedDate,
        VersionIdsToStages: Object.fromEntries(s.versions.map((v) => [v.id, v.stages])),
      };
    });
    m.on(smApi.GetResourcePolicyCommand).callsFake(({ SecretId }: { SecretId: string }) => {
      this.call('GetResourcePolicy');
      return { Name: SecretId, ResourcePolicy: find(SecretId).policy };
    });
    m.on(smApi.CreateSecretCommand).callsFake((input: smApi.CreateSecretCommandInput) => {
      this.call('CreateSecret');
      if (this.secrets.has(input.Name ?? '')) throw awsError('ResourceExistsException');
      this.secrets.set(input.Name ?? '', {
        name: input.Name ?? '',
        tags: (input.Tags ?? []) as FakeSecret['tags'],
        kmsKeyId: input.KmsKeyId,
        versions: [],
      });
      return { Name: input.Name };
    });
    m.on(smApi.PutResourcePolicyCommand).callsFake((input: smApi.PutResourcePolicyCommandInput) => {
      this.call('PutResourcePolicy');
      find(input.SecretId).policy = input.ResourcePolicy;
      return {};
    });
    m.on(smApi.PutSecretValueCommand).callsFake((input: smApi.PutSecretValueCommandInput) => {
      this.call('PutSecretValue');
      this.putValue(find(input.SecretId), input.ClientRequestToken ?? '', input.SecretString ?? '');
      return { VersionId: input.ClientRequestToken };
    });
    m.on(smApi.GetSecretValueCommand).callsFake((input: smApi.GetSecretValueCommandInput) => {
      this.call('GetSecretValue');
      const s = find(input.SecretId);
      const v = s.versions.find(
        (x) =>
          (!input.VersionId || x.id === input.VersionId) &&
          (!input.VersionStage || x.stages.includes(input.VersionStage)),
      );
      if (!v) throw awsError('ResourceNotFoundException', 'no such version');
      return { SecretString: v.value, VersionId: v.id, VersionStages: v.stages };
    });
    m.on(smApi.UpdateSecretVersionStageCommand).callsFake(
      (input: smApi.UpdateSecretVersionStageCommandInput) => {
        this.call('UpdateSecretVersionStage');
        const s = find(input.SecretId);
        for (const v of s.versions) {
          v.stages = v.stages.filter((st) => st !== 'AWSPREVIOUS');
          if (v.id === input.RemoveFromVersionId)
            v.stages = [...v.stages.filter((st) => st !== input.VersionStage), 'AWSPREVIOUS'];
          if (v.id === input.MoveToVersionId) v.stages = [...v.stages, input.VersionStage ?? ''];
        }
        return {};
      },
    );
    m.on(smApi.UpdateSecretCommand).callsFake((input: smApi.UpdateSecretCommandInput) => {
      this.call('UpdateSecret');
      find(input.SecretId).kmsKeyId = input.KmsKeyId;
      return { Name: input.SecretId };
    });
    m.on(smApi.TagResourceCommand).callsFake((input: smApi.TagResourceCommandInput) => {
      this.call('TagResource');
      const s = find(input.SecretId);
      for (const t of input.Tags ?? []) {
        s.tags = [...s.tags.filter((x) => x.Key !== t.Key), { Key: t.Key!, Value: t.Value! }];
      }
      return {};
    });
    m.on(smApi.ListSecretsCommand).callsFake((input: smApi.ListSecretsCommandInput) => {
      this.call('ListSecrets');
      const values = (key: string) => input.Filters?.find((f) => f.Key === key)?.Values ?? [];
      const list = [...this.secrets.values()].filter(
        (x) =>
          values('name').every((v) => x.name.startsWith(v)) &&
          values('tag-key').every((k) => x.tags.some((t) => t.Key === k)),
      );
      return { SecretList: list.map((x) => ({ Name: x.name, Tags: x.tags })) };
    });
  }

  /**
   * Seeds a secret holding `key` as AWSCURRENT (as if stored by an earlier run), with the owner-only
   * policy the module gives the secrets it creates (so the engine trusts it), unless `policy` says else.
   */
  seedSecret(
    name: string,
    userName: string,
    key: FakeKey,
    policy = moduleSecretPolicy(userName),
  ): void {
    this.secrets.set(name, { name, tags: [], versions: [], policy });
    const value = JSON.stringify({
      UserName: userName,
      AccessKeyId: key.accessKeyId,
      SecretAccessKey: key.secret,
    });
    this.putValue(this.secrets.get(name) as FakeSecret, `seed-${key.accessKeyId}`, value);
  }

  current(name: string): Record<string, unknown> | undefined {
    const v = this.secrets.get(name)?.versions.find((x) => x.stages.includes('AWSCURRENT'));
    return v ? (JSON.parse(v.value) as Record<string, unknown>) : undefined;
  }

  private reportCsv(): string {
    const header =
      'user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date';
    const slot = (k: FakeKey | undefined) =>
      k
        ? `${k.status === 'Active'},${k.createDate.toISOString()},${k.lastUsed?.toISOString() ?? 'N/A'}`
        : 'false,N/A,N/A';
    const rows = [...this.users.values()].map(
      (u) =>
        `${u.userName},arn:aws:iam::${ACCOUNT}:user${u.path}${u.userName},2020-01-01T00:00:00+00:00,false,${slot(u.keys[0])},${slot(u.keys[1])}`,
    );
    return [header, ...rows].join('\n') + '\n';
  }
}
