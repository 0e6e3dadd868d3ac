/** One attribute a plan would change: `<resource type>.<top-level attribute>` plus the address. */
export interface AttributeChange {
  readonly address: string;
  readonly attribute: string;
  readonly actions: readonly string[];
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

/** Every attribute `terraform show -json <plan>` says would change, for managed resources. */
export function plannedChanges(planJson: string): readonly AttributeChange[] {
  const plan = JSON.parse(planJson) as { resource_changes?: readonly ResourceChange[] };
  const changes: AttributeChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const { actions, before, after, after_unknown: unknown = {} } = rc.change;
    if (rc.mode !== 'managed' || (actions.length === 1 && actions[0] === 'no-op')) continue;
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    const differing = [...keys].filter(
      (k) => unknown[k] === true || JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]),
    );
    for (const attribute of differing.length > 0 ? differing : ['<whole resource>']) {
      changes.push({ address: rc.address, attribute: `${rc.type}.${attribute}`, actions });
    }
  }
  return changes;
}
