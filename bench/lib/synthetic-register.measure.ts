// `npx tsx bench/lib/synthetic-register.measure.ts [households]`: generation speed of the synthetic
// register and a look at its shape (sizes, ages, names, duplicates) to sanity-check the assumptions.
import { syntheticHouseholds } from "./synthetic-register.js";

const households = Number(process.argv[2] ?? 100_000);
// Warm-up so the JIT has compiled the generator before we time it.
for (const _ of syntheticHouseholds({ households: 20_000, seed: 1 })) {
}
const start = process.hrtime.bigint();
let people = 0;
let duplicates = 0;
let unknownPin = 0;
let children = 0;
let elderly = 0;
const surnames = new Map<string, number>();
const bands = [0, 0, 0, 0, 0];
for (const h of syntheticHouseholds({ households, seed: 42 })) {
  people += h.members.length;
  for (const p of h.members) {
    if (p.duplicateOf !== null) duplicates++;
    if (p.pin === null) unknownPin++;
    const age = 2024 - Number(p.birthDate.slice(0, 4));
    if (age < 15) children++;
    if (age >= 65) elderly++;
    const band = Math.min(4, Math.floor(age / 20));
    bands[band] = (bands[band] ?? 0) + 1;
    surnames.set(p.surname, (surnames.get(p.surname) ?? 0) + 1);
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const top10 = [...surnames.values()].sort((a, b) => b - a).slice(0, 10);
const pct = (n: number) => `${((100 * n) / people).toFixed(1)} %`;
console.log(
  `${households.toLocaleString("en")} households, ${people.toLocaleString("en")} people in ${seconds.toFixed(2)} s`,
);
console.log(
  `${Math.round(households / seconds).toLocaleString("en")} households/s, ${Math.round(people / seconds).toLocaleString("en")} people/s`,
);
console.log(`mean household size ${(people / households).toFixed(3)}`);
console.log(
  `under 15 ${pct(children)}, 65 and over ${pct(elderly)}, by 20-year band ${bands.map(pct).join(" / ")}`,
);
console.log(`unknown PIN ${pct(unknownPin)}, duplicates ${pct(duplicates)} (${duplicates})`);
console.log(
  `distinct surnames (both sexes) ${surnames.size}, top 10 cover ${pct(top10.reduce((s, n) => s + n, 0))}`,
);
// Streaming: the heap should stay small whatever the household count.
console.log(`heap used at the end ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
