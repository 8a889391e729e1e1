/**
 * The sections of a worked step, in the order the step computes them; a quantity of the step belongs
 * to one of them, and `--only` picks among them.
 *
 * @module
 */
export const SECTION_IDS = ["forward", "loss", "backward", "update", "after"] as const;

/**
 * A section of a worked step.
 *
 * @category Worked solutions
 */
export type SectionId = (typeof SECTION_IDS)[number];
