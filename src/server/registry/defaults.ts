import { readFileSync } from "node:fs";
import path from "node:path";
import { uuidv7 } from "uuidv7";
import type { LocalizedText } from "../../domain/places/units.js";
import type { DerivationRule } from "../../domain/registry/vulnerability.js";
import type { Tx } from "../platform/db.js";
import { packageRoot } from "../platform/paths.js";
import {
  type CertificateKind,
  type CertificateText,
  certificateTemplate,
  vulnerabilityCriterion,
} from "./tables.js";

/** The country's defaults for a new municipality: vulnerability criteria and certificate wording. */
export interface RegistryDefaults {
  vulnerabilityCriteria: { code: string; name: LocalizedText; rule: DerivationRule | null }[];
  certificateTemplates: Record<CertificateKind, { ky: CertificateText; ru: CertificateText }>;
}

let cached: RegistryDefaults | undefined;

// Data files stay in src/ (the build does not copy them); the path is the same from src and dist.
export function registryDefaults(): RegistryDefaults {
  cached ??= JSON.parse(
    readFileSync(path.join(packageRoot, "src", "server", "registry", "data", "kg.json"), "utf8"),
  ) as RegistryDefaults;
  return cached;
}

/** Gives a municipality the country's criteria and certificate wording it lacks (idempotent). */
export async function ensureRegisterDefaults(tx: Tx, orgId: string) {
  const defaults = registryDefaults();
  await tx
    .insert(vulnerabilityCriterion)
    .values(
      defaults.vulnerabilityCriteria.map((c, sort) => ({
        orgId,
        code: c.code,
        name: c.name,
        rule: c.rule,
        sort,
      })),
    )
    .onConflictDoNothing();
  await tx
    .insert(certificateTemplate)
    .values(
      Object.entries(defaults.certificateTemplates).map(([kind, texts]) => ({
        id: uuidv7(),
        orgId,
        kind: kind as CertificateKind,
        texts,
      })),
    )
    .onConflictDoNothing();
}
