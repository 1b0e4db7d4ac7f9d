/** Rules a typed value must follow, shown ticked or not while typing, and usable as a zod refinement. */

export interface Rule {
  text: string;
  test: (value: string) => boolean;
}

/** True when every rule holds. */
export const followsRules = (rules: readonly Rule[]) => (value: string) => rules.every((rule) => rule.test(value));
