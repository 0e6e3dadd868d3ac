import { normaliseUserAgent, platformsOf } from '../../../../lambda/core/key-usage/user-agent';

describe('normaliseUserAgent', () => {
  it.each([
    [
      'aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210 exe/x86_64.amzn.2 prompt/off command/s3.ls',
      'aws-cli/2',
    ],
    ['aws-cli/1.7.4 Python/2.7.9 Darwin/13.4.0', 'aws-cli/1'],
    [
      'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.5.0 lang/python#3.12.2 Botocore/1.34.51',
      'Boto3/1',
    ],
    ['Botocore/1.31.0 Python/3.9', 'Botocore/1'],
    [
      'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.11.1 api/sts#3.540.0',
      'aws-sdk-js/3',
    ],
    [
      'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.100.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.36.3 ua/2.1 os/linux lang/go#1.23.8 md/GOOS#linux api/iam#1.41.1',
      'Terraform/1',
    ],
    ['aws-sdk-go-v2/1.36.3 os/linux lang/go#1.23', 'aws-sdk-go-v2/1'],
    ['aws-sdk-go/1.44.300 (go1.20.5; linux; amd64)', 'aws-sdk-go/1'],
    ['aws-sdk-java/2.25.10 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.9', 'aws-sdk-java/2'],
    ['[aws-cli/2.13.0 Python/3.11.4]', 'aws-cli/2'],
    ['AWS Internal', 'AWS Internal'],
    ['ecs-tasks.amazonaws.com', 'ecs-tasks.amazonaws.com'],
    ['curl/8.4.0', 'curl/8'],
    ['', 'unknown'],
    [
      'a custom tool without a version that goes on and on',
      'a custom tool without a version that goe…',
    ],
  ])('%s -> %s', (ua, expected) => {
    expect(normaliseUserAgent(ua)).toBe(expected);
  });

  it('gives two patch versions of one program the same name', () => {
    expect(normaliseUserAgent('aws-cli/2.15.30 Python/3.11.8')).toBe(
      normaliseUserAgent('aws-cli/2.17.1 Python/3.12.1 Linux/6.1'),
    );
  });
});

describe('platformsOf', () => {
  it.each([
    ['Boto3/1.34 md/GitHubActions', ['github-actions']],
    ['configure-aws-credentials-for-github-actions', ['github-actions']],
    ['aws-cli/2.15 exec-env/AWS_ECS_FARGATE', ['amazon-ecs']],
    ['aws-sdk-js/3.5 exec-env/AWS_Lambda_nodejs20.x', ['aws-lambda']],
    ['aws-cli/2.15 exec-env/AWS_CodeBuild', ['aws-codebuild']],
    ['aws-cli/2.15 Python/3.11 Linux/5.10', []],
  ] as const)('%s runs on %j', (ua, platforms) => {
    expect(platformsOf(ua)).toEqual(platforms);
  });
});
