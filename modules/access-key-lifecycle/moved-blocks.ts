import { Construct } from 'constructs';
import { TerraformElement } from 'cdktf';

export interface Move {
  readonly from: string;
  readonly to: string;
}

/**
 * `moved` blocks between any two addresses, instance keys included (`secret["alice"]`), which
 * TerraformResource.moveFromId cannot name. The stack concatenates every element's `moved` list.
 */
export class MovedBlocks extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly moves: readonly Move[],
  ) {
    super(scope, id);
  }

  public override toTerraform(): Record<string, unknown> {
    return this.moves.length > 0 ? { moved: [...this.moves] } : {};
  }
}
