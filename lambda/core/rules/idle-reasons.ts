import type { KeyView } from '../key-view';
import type { Reason } from '../types';

/** The reasons of a key no rule had anything to say about. */
export function idleReasons(view: KeyView): Reason[] {
  return view.key.lastUsedDate === undefined ? ['healthy', 'never-used'] : ['healthy'];
}
