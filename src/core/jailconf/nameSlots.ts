// Where each parameter or variable name sits in the jail being evaluated. A jail looks names up dozens of
// times (equalopts() matches, variables); instead of a map searched per jail, each statement and each
// variable use holds the slot of its name, found once, and a slot answers for one evaluation at a time.
import type { EffectiveParam } from './evaluator';

export interface NameSlot {
  /** The evaluation that last put a parameter here: any other finds the slot empty. */
  owner: number;
  param: EffectiveParam | undefined;
}

/** The slots of one analysis, one per name, and one list of slots per name's equalopts() names. */
export class NameSlots {
  private readonly byName = new Map<string, NameSlot>();
  private readonly lists = new Map<string, readonly NameSlot[]>();

  get(name: string): NameSlot {
    let slot = this.byName.get(name);
    if (!slot) {
      slot = { owner: 0, param: undefined };
      this.byName.set(name, slot);
    }
    return slot;
  }

  /** The slots of `names`, which are the equalopts() names of their first: shared by every statement of that name. */
  list(names: readonly string[]): readonly NameSlot[] {
    let list = this.lists.get(names[0]);
    if (!list) {
      list = names.map((n) => this.get(n));
      this.lists.set(names[0], list);
    }
    return list;
  }
}
