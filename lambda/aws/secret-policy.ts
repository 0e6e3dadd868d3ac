/**
 * The resource policy of a secret the engine creates: only the owning user reads the value, plus the
 * configured admin principals and the engine's own role (it reads every value back to verify it).
 * The Deny uses aws:PrincipalArn so it holds whatever identity policies elsewhere in the account allow.
 */

export interface SecretReaders {
  readonly ownerArn: string;
  readonly adminPrincipalArns: readonly string[];
  /** ARN patterns matching the engine's own principal (see caller.ts). */
  readonly enginePrincipalPatterns: readonly string[];
}

export function ownerOnlyPolicy(readers: SecretReaders): string {
  const allowed = [
    readers.ownerArn,
    ...readers.adminPrincipalArns,
    ...readers.enginePrincipalPatterns,
  ];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnerMayReadOwnKey',
        Effect: 'Allow',
        Principal: { AWS: readers.ownerArn },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseMayReadTheKey',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotLike: { 'aws:PrincipalArn': [...new Set(allowed)] } },
      },
    ],
  });
}
