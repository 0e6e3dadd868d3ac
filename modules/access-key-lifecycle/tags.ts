import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { isExpression } from './expressions';

/**
 * Sets `tags` on every resource under `scope` whose type has a `tags` argument (the provider's generated
 * classes have a `tagsInput` accessor exactly then), so a resource added later cannot be missed.
 * An empty literal map sets nothing, keeping plans of untagged stacks as they were.
 */
export function tagEveryResource(scope: Construct, tags: Readonly<Record<string, string>>): void {
  if (!isExpression(tags) && Object.keys(tags).length === 0) return;
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource && 'tagsInput' in node) {
      (node as unknown as { tags: Readonly<Record<string, string>> }).tags = tags;
    }
  }
}
