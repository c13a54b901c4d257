/** A certificate's number as the paper prints it and a clerk types it: 2026-00005 (year, then number in the issuer's series). */
export const certificateNumber = (c: { year: number; number: number }) =>
  `${c.year}-${String(c.number).padStart(5, "0")}`;
