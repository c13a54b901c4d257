/** A name frequency table: [name, relative weight] pairs, most common first. */
export type NameTable = readonly (readonly [name: string, weight: number])[];
