import { z } from "zod";
import { allocate } from "../domain/allocation/allocate.js";
import { POLICIES } from "../domain/allocation/model.js";
import { DomainError } from "../domain/shared/errors.js";

/**
 * `npx aimak allocate --input case.json`: one allocation case in, the result as JSON out, for
 * consultants, auditors and anyone checking our numbers. The format is documented in the README.
 */
const caseSchema = z.object({
  policy: z.enum(POLICIES as [string, ...string[]]),
  supplyM3: z.number(),
  reaches: z.array(
    z.object({
      id: z.string().min(1),
      parent: z.string().min(1).nullable(),
      capacityM3: z.number(),
      efficiency: z.number(),
    }),
  ),
  users: z.array(
    z.object({
      id: z.string().min(1),
      reach: z.string().min(1),
      demandM3: z.number(),
      weight: z.number(),
      guaranteeM3: z.number().optional(),
    }),
  ),
});

const MESSAGES: Record<string, string> = {
  negative: "must be a number, zero or more",
  efficiencyRange: "efficiency must be above 0 and at most 1",
  unknownParent: "names a parent reach that does not exist",
  unknownReach: "names a reach that does not exist",
  cycle: "reaches form a cycle",
  duplicateId: "the id is used twice",
  weightRequired: "a user with demand needs a positive weight under equal depth per hectare",
  unknownPolicy: "unknown policy",
};

export function runAllocateCase(jsonText: string): { exitCode: 0 | 2; stdout: string; stderr: string } {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    return fail([`the case is not valid JSON: ${(error as Error).message}`]);
  }
  const parsed = caseSchema.safeParse(data);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${i.path.join(".") || "(case)"}: ${i.message}`));
  }
  try {
    const result = allocate(parsed.data as Parameters<typeof allocate>[0]);
    return { exitCode: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: "" };
  } catch (error) {
    if (error instanceof DomainError && error.fields.length > 0) {
      return fail(
        error.fields.map((f) => {
          const detail = Object.entries(f.params ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(", ");
          return `${f.path.join(".")}: ${MESSAGES[f.code] ?? f.code}${detail ? ` (${detail})` : ""}`;
        }),
      );
    }
    throw error;
  }
}

function fail(lines: string[]) {
  return {
    exitCode: 2 as const,
    stdout: "",
    stderr: `invalid allocation case:\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
  };
}
