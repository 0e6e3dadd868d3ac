import * as path from 'path';
import { App, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { BackendConfig } from '../../config/backend';
import { REPO_ROOT } from '../access-key-lifecycle/defaults';

/**
 * The stack's backend block. A local path is written relative to the directory Terraform runs in
 * (`<outdir>/stacks/<name>`), so the synthesized stack names no absolute path of one machine; by
 * default it is the file cdktf has always used, `<repo>/terraform.<name>.tfstate`.
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig): void {
  if (backend.type === 'local') {
    const stackDir = path.resolve(App.of(stack).outdir, 'stacks', stack.node.id);
    const file = path.relative(stackDir, path.resolve(REPO_ROOT, backend.path));
    new LocalBackend(stack, { path: file.split(path.sep).join('/') });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: backend.encrypt,
    ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
    ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
    ...(backend.profile ? { profile: backend.profile } : {}),
    ...(backend.roleArn
      ? { assumeRole: { roleArn: backend.roleArn, sessionName: 'iam-key-lifecycle-state' } }
      : {}),
  });
  // S3's own lock file (Terraform >= 1.10); cdktf 0.21's S3BackendConfig has no field for it.
  if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
