/** Zod-free (the miniapp imports it by path): the top-up's amount chips and absolute ceiling. */

/** The chips the top-up offers (fen); any other amount within the hospital's rule may be typed. */
export const DEPOSIT_AMOUNT_CHIPS_FEN = [50_000, 100_000, 200_000, 500_000] as const;
/** Above any hospital's single online deposit (the HIS's own rule is stricter and is checked too). */
export const DEPOSIT_ABSOLUTE_MAX_FEN = 5_000_000;
