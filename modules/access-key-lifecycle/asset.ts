import { createHash } from 'crypto';
import * as fs from 'fs';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';

export interface LambdaCode {
  /** Path Terraform reads, relative to the synthesized stack directory. */
  readonly filename: string;
  /** base64 SHA-256 of the zip's exact bytes, as aws_lambda_function.source_code_hash expects. */
  readonly sourceCodeHash: string;
}

/**
 * The zip is copied into the stack output as a file asset: Terraform sees a relative path, so a plan
 * after a fresh clone and rebuild of the deterministic zip shows no change.
 */
export function lambdaCode(scope: Construct, zipPath: string): LambdaCode {
  const bytes = fs.readFileSync(zipPath);
  const asset = new TerraformAsset(scope, 'engine_code', { path: zipPath, type: AssetType.FILE });
  return {
    filename: asset.path,
    sourceCodeHash: createHash('sha256').update(bytes).digest('base64'),
  };
}
