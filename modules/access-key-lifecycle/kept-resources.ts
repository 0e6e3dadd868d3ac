import { Construct } from 'constructs';
import { TerraformElement } from 'cdktf';

/**
 * `removed { from = <address>  lifecycle { destroy = false } }` blocks (Terraform >= 1.7): an object
 * the configuration no longer declares leaves the state but stays in AWS, where a plain removal would
 * destroy it. A block whose address the state does not hold changes nothing.
 */
export class KeptResources extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly addresses: readonly string[],
  ) {
    super(scope, id);
  }

  public override toTerraform(): Record<string, unknown> {
    return {
      removed: this.addresses.map((from) => ({ from, lifecycle: { destroy: false } })),
    };
  }
}
