import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkMerge,
  eventsVoided,
  firstDayChanged,
  type Housemate,
  type MergeMembership,
  type MergeRecord,
  overlap,
  type StayTies,
  tiesAfter,
} from "./merge.js";

const record = (over: Partial<MergeRecord> = {}): MergeRecord => ({
  id: "a",
  pin: null,
  sex: "female",
  birthDate: null,
  memberships: [],
  ...over,
});
const member = (
  id: string,
  household: number,
  fromDate: string,
  toDate: string | null = null,
): MergeMembership => ({
  id,
  household,
  householdId: `h${household}`,
  fromDate,
  toDate,
});
/** Another member of the household, there from `fromDate` until `toDate`, dead on `deathDate` if known. */
const housemate = (
  fromDate: string,
  toDate: string | null = null,
  deathDate: string | null = null,
): Housemate => ({
  fromDate,
  toDate,
  deathDate,
});
const overlapping = (periods: MergeMembership[]) =>
  periods.some((a, i) =>
    periods
      .slice(i + 1)
      .some(
        (b) => (a.toDate === null || b.fromDate < a.toDate) && (b.toDate === null || a.fromDate < b.toDate),
      ),
  );
const refusal = (keep: MergeRecord, duplicate: MergeRecord) => {
  try {
    checkMerge(keep, duplicate);
    return null;
  } catch (e) {
    return e;
  }
};

describe("merging two records of a person", () => {
  it("allows records that agree, or where only one knows a fact or has a household", () => {
    expect(
      refusal(
        record({
          pin: "21010197500011",
          birthDate: "1975-10-10",
          memberships: [member("m1", 2, "2001-01-01")],
        }),
        record({ id: "b", birthDate: "1975-10-10" }),
      ),
    ).toBeNull();
    expect(
      refusal(
        record(),
        record({ id: "b", pin: "21010197500011", memberships: [member("m2", 9, "2001-01-01")] }),
      ),
    ).toBeNull();
  });

  it("refuses a record merged with itself, two PINs and two sexes", () => {
    expect(refusal(record(), record())).toMatchObject({ code: "registry.mergeSamePerson" });
    expect(
      refusal(record({ pin: "21010197500011" }), record({ id: "b", pin: "21010197500022" })),
    ).toMatchObject({ code: "registry.mergeDifferentPins" });
    expect(refusal(record(), record({ id: "b", sex: "male" }))).toMatchObject({
      code: "registry.mergeDifferentSexes",
    });
  });

  it("refuses two known birth dates that differ, naming both", () => {
    expect(
      refusal(record({ birthDate: "1975-10-10" }), record({ id: "b", birthDate: "1975-01-10" })),
    ).toMatchObject({
      code: "registry.mergeDifferentBirthDates",
      params: { kept: "1975-10-10", duplicate: "1975-01-10" },
    });
  });

  it("refuses two known death dates that differ, naming both", () => {
    expect(
      refusal(record({ deathDate: "2024-03-01" }), record({ id: "b", deathDate: "2024-03-10" })),
    ).toMatchObject({
      code: "registry.mergeDifferentDeathDates",
      params: { kept: "2024-03-01", duplicate: "2024-03-10" },
    });
  });

  it("refuses a death in a stay the merge drops or cuts short of it: one record died, the other lives on", () => {
    // Dead in No. 9 in 2022, where he came in 2019 by mistake; the kept record has him in No. 2 all along.
    const dead = record({
      id: "b",
      deathDate: "2022-02-02",
      memberships: [member("m9", 9, "2019-01-01", "2022-02-02")],
    });
    expect(refusal(record({ memberships: [member("m1", 2, "2015-01-01")] }), dead)).toMatchObject({
      code: "registry.mergeDiedAndLives",
      params: { died: "2022-02-02", household: 2, householdId: "h2" },
    });
    // The death with no end written: the stay is open and still the death's.
    expect(
      refusal(
        record({ memberships: [member("m1", 2, "2015-01-01")] }),
        record({ id: "b", deathDate: "2022-02-02", memberships: [member("m9", 9, "2019-01-01")] }),
      ),
    ).toMatchObject({ code: "registry.mergeDiedAndLives", params: { household: 2 } });
    // Cut short: the kept record has him in No. 2 from 2021, before the death.
    expect(refusal(record({ memberships: [member("m1", 2, "2021-01-01")] }), dead)).toMatchObject({
      code: "registry.mergeDiedAndLives",
      params: { household: 2 },
    });
  });

  it("refuses a stay of one record beginning after the other's death, either way round", () => {
    const diedIn2019 = record({
      id: "b",
      deathDate: "2019-05-05",
      memberships: [member("m9", 9, "2010-01-01", "2019-05-05")],
    });
    const since2020 = record({ memberships: [member("m1", 2, "2020-01-01")] });
    expect(refusal(since2020, diedIn2019)).toMatchObject({
      code: "registry.mergeDiedAndLives",
      params: { died: "2019-05-05", household: 2 },
    });
    expect(refusal({ ...diedIn2019, id: "a" }, { ...since2020, id: "b" })).toMatchObject({
      code: "registry.mergeDiedAndLives",
      params: { died: "2019-05-05", household: 2 },
    });
  });

  it("lets the kept record take a death that ends a stay the merge keeps, or joins with its own", () => {
    // Entered twice in one household, one recorded dead: the person died there.
    expect(
      refusal(
        record({ memberships: [member("m1", 2, "2015-01-01")] }),
        record({
          id: "b",
          deathDate: "2022-02-02",
          memberships: [member("m2", 2, "2015-01-01", "2022-02-02")],
        }),
      ),
    ).toBeNull();
    // Dead in No. 9 after leaving No. 2, where the kept record has him until then.
    expect(
      refusal(
        record({ memberships: [member("m1", 2, "2010-01-01", "2019-01-01")] }),
        record({
          id: "b",
          deathDate: "2022-02-02",
          memberships: [member("m9", 9, "2015-01-01", "2022-02-02")],
        }),
      ),
    ).toBeNull();
    // The same death on both records.
    expect(
      refusal(
        record({ deathDate: "2022-02-02", memberships: [member("m1", 2, "2015-01-01", "2022-02-02")] }),
        record({
          id: "b",
          deathDate: "2022-02-02",
          memberships: [member("m2", 2, "2015-01-01", "2022-02-02")],
        }),
      ),
    ).toBeNull();
  });

  it("keeps the kept record's stay in another household; the duplicate's there on the same days goes", () => {
    // QA: the son in household 1 since 2015, also the lone head of household 7 since 2015.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 1, "2015-01-01")] }),
        record({ id: "b", memberships: [{ ...member("m7", 7, "2015-01-01"), head: true, housemates: [] }] }),
      ),
    ).toEqual({ drop: ["m7"], change: [], joined: [] });
    // Wholly inside the kept stay's days, open or not.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 2, "2010-01-01")] }),
        record({ id: "b", memberships: [member("m2", 9, "2012-05-01", "2014-01-01")] }),
      ),
    ).toEqual({ drop: ["m2"], change: [], joined: [] });
  });

  it("cuts the duplicate's stay that runs past the kept one's end to start where it ends", () => {
    // Left the parents' household on 2024-05-01; registered again in a household of his own "since 2020".
    expect(
      checkMerge(
        record({ memberships: [member("m1", 2, "2000-01-01", "2024-05-01")] }),
        record({ id: "b", memberships: [member("m2", 9, "2020-01-01")] }),
      ),
    ).toEqual({ drop: [], change: [{ id: "m2", fromDate: "2024-05-01", toDate: null }], joined: [] });
    // One after the other is a move already: nothing changes.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 2, "2010-01-01", "2015-03-01")] }),
        record({ id: "b", memberships: [member("m2", 9, "2015-03-01")] }),
      ),
    ).toEqual({ drop: [], change: [], joined: [] });
  });

  it("cuts the duplicate's stay that starts before the kept one to end where the kept one starts", () => {
    // The record kept says household 9 since 2020: the duplicate's household 2 ends then, not the other way.
    expect(
      checkMerge(
        record({ memberships: [member("m9", 9, "2020-01-01")] }),
        record({ id: "b", memberships: [member("m2", 2, "2000-01-01", "2024-05-01")] }),
      ),
    ).toEqual({ drop: [], change: [{ id: "m2", fromDate: "2000-01-01", toDate: "2020-01-01" }], joined: [] });
    // Both open: the duplicate's ends when the kept one starts.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 2, "2012-05-01")] }),
        record({ id: "b", memberships: [member("m2", 9, "2010-01-01")] }),
      ),
    ).toEqual({ drop: [], change: [{ id: "m2", fromDate: "2010-01-01", toDate: "2012-05-01" }], joined: [] });
  });

  it("refuses a kept stay in the middle of the duplicate's, which would split it in two", () => {
    expect(
      refusal(
        record({ memberships: [member("m1", 2, "2012-05-01", "2014-01-01")] }),
        record({ id: "b", memberships: [member("m2", 9, "2010-01-01")] }),
      ),
    ).toMatchObject({
      code: "registry.mergeMembershipsOverlap",
      params: { kept: 2, duplicate: 9, from: "2012-05-01" },
    });
  });

  it("refuses to take a household's head away while others belong there, naming the household", () => {
    const head = (housemates: Housemate[]) =>
      record({ id: "b", memberships: [{ ...member("m7", 7, "2015-01-01"), head: true, housemates }] });
    // Dropped: his wife has been there since 2016.
    expect(
      refusal(record({ memberships: [member("m1", 1, "2015-01-01")] }), head([housemate("2016-01-01")])),
    ).toMatchObject({ code: "registry.mergeTakesHead", params: { household: 7, householdId: "h7" } });
    // Cut to start in 2020: household 7 would have no head in 2016-2020.
    expect(
      refusal(
        record({ memberships: [member("m1", 1, "2010-01-01", "2020-01-01")] }),
        head([housemate("2016-01-01")]),
      ),
    ).toMatchObject({ code: "registry.mergeTakesHead", params: { household: 7 } });
    // Someone there only on the days the head keeps is no loss.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 1, "2010-01-01", "2020-01-01")] }),
        head([housemate("2021-01-01")]),
      ),
    ).toEqual({ drop: [], change: [{ id: "m7", fromDate: "2020-01-01", toDate: null }], joined: [] });
    // A member who is not the head may go.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 1, "2015-01-01")] }),
        record({
          id: "b",
          memberships: [{ ...member("m7", 7, "2015-01-01"), housemates: [housemate("2015-01-01")] }],
        }),
      ),
    ).toEqual({ drop: ["m7"], change: [], joined: [] });
  });

  it("reads a housemate recorded dead as gone from the death day, though no end was written", () => {
    // His mother in household 7 since 2015, recorded dead in 2019 with her stay left open; he is
    // kept elsewhere from 2020: no one lived there on the days his stay as its head is cut.
    const kept = record({ memberships: [member("m1", 1, "2020-01-01")] });
    const headOf7 = (mother: Housemate) =>
      record({
        id: "b",
        memberships: [{ ...member("m7", 7, "2015-01-01"), head: true, housemates: [mother] }],
      });
    expect(checkMerge(kept, headOf7(housemate("2015-01-01", null, "2019-03-01")))).toEqual({
      drop: [],
      change: [{ id: "m7", fromDate: "2015-01-01", toDate: "2020-01-01" }],
      joined: [],
    });
    // Dead on the day the cut begins: gone that day, as the register ends a stay on its death day.
    expect(checkMerge(kept, headOf7(housemate("2015-01-01", null, "2020-01-01"))).change).toHaveLength(1);
    // Alive past the cut's start (died later, or an end written after it): still refused.
    for (const mother of [housemate("2015-01-01", null, "2020-01-02"), housemate("2015-01-01", "2021-01-01")])
      expect(refusal(kept, headOf7(mother))).toMatchObject({
        code: "registry.mergeTakesHead",
        params: { household: 7 },
      });
  });

  it("reads a head who handed over as head of the days before the change only, as the register splits the stay there", () => {
    // Head of household 7 until 2020, then his wife's husband there (a head change ends the stay
    // and opens another with the new relation); she has been there since 2015.
    const wife = [housemate("2015-01-01")];
    const handedOver = record({
      id: "b",
      memberships: [
        { ...member("m7", 7, "2015-01-01", "2020-01-01"), head: true, housemates: wife },
        { ...member("m8", 7, "2020-01-01"), housemates: wife },
      ],
    });
    // Kept elsewhere from 2022: only days he was no head are cut.
    expect(checkMerge(record({ memberships: [member("m1", 1, "2022-01-01")] }), handedOver)).toEqual({
      drop: [],
      change: [{ id: "m8", fromDate: "2020-01-01", toDate: "2022-01-01" }],
      joined: [],
    });
    // Kept elsewhere from 2018: the cut reaches days he headed it.
    expect(refusal(record({ memberships: [member("m1", 1, "2018-01-01")] }), handedOver)).toMatchObject({
      code: "registry.mergeTakesHead",
      params: { household: 7 },
    });
  });

  it("keeps one membership of a person entered twice in one household, spanning both periods", () => {
    expect(
      checkMerge(
        record({ memberships: [member("m1", 4, "2012-01-01")] }),
        record({ id: "b", memberships: [member("m2", 4, "2010-06-01")] }),
      ),
    ).toEqual({ drop: ["m2"], change: [{ id: "m1", fromDate: "2010-06-01", toDate: null }], joined: ["m2"] });
    expect(
      checkMerge(
        record({ memberships: [member("m1", 4, "2010-01-01")] }),
        record({ id: "b", memberships: [member("m2", 4, "2010-01-01")] }),
      ),
    ).toEqual({ drop: ["m2"], change: [], joined: ["m2"] });
  });

  it("ends a joined stay where the kept one ends: the duplicate's days there past the kept record's departure or death go", () => {
    // Left on 2023-05-01 (or died then); the other record was never recorded leaving.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 4, "2012-01-01", "2023-05-01")] }),
        record({ id: "b", memberships: [member("m2", 4, "2010-06-01")] }),
      ),
    ).toEqual({
      drop: ["m2"],
      change: [{ id: "m1", fromDate: "2010-06-01", toDate: "2023-05-01" }],
      joined: ["m2"],
    });
    // Ended by no event of its own (an imported book's end): the kept record's end stands.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 4, "2012-01-01", "2023-05-01")] }),
        record({ id: "b", memberships: [member("m2", 4, "2012-01-01", "2024-01-01")] }),
      ),
    ).toEqual({ drop: ["m2"], change: [], joined: ["m2"] });
  });

  it("refuses a joined stay the duplicate ended later by an event of its own or its death, naming both days", () => {
    const kept = record({ memberships: [member("m1", 4, "2012-01-01", "2023-05-01")] });
    const contradiction = {
      code: "registry.mergeDifferentEnds",
      params: { kept: "2023-05-01", duplicate: "2024-01-01", household: 4, householdId: "h4" },
    };
    // Its departure, or a move, recorded on 2024-01-01.
    expect(
      refusal(
        kept,
        record({
          id: "b",
          memberships: [{ ...member("m2", 4, "2012-01-01", "2024-01-01"), toEventId: "left" }],
        }),
      ),
    ).toMatchObject(contradiction);
    // Its death then, the stay left open as older records may.
    expect(
      refusal(
        kept,
        record({ id: "b", deathDate: "2024-01-01", memberships: [member("m2", 4, "2012-01-01")] }),
      ),
    ).toMatchObject(contradiction);
    // Ended on the kept record's day: one end.
    expect(
      refusal(
        kept,
        record({
          id: "b",
          memberships: [{ ...member("m2", 4, "2012-01-01", "2023-05-01"), toEventId: "left" }],
        }),
      ),
    ).toBeNull();
  });

  it("starts a joined stay at the kept record's arrival: the duplicate's days before it go, or, begun by an event of its own, refuse naming both days", () => {
    const arrived = record({ memberships: [{ ...member("m1", 4, "2020-01-01"), fromEventId: "arrived" }] });
    // Its earlier days there were written with no event (an imported book's): an arrival misdated.
    expect(checkMerge(arrived, record({ id: "b", memberships: [member("m2", 4, "2015-01-01")] }))).toEqual({
      drop: ["m2"],
      change: [],
      joined: ["m2"],
    });
    // Begun by the household's forming with it, or an arrival of its own: which is true the clerk says.
    expect(
      refusal(
        arrived,
        record({ id: "b", memberships: [{ ...member("m2", 4, "2015-01-01"), fromEventId: "formed" }] }),
      ),
    ).toMatchObject({
      code: "registry.mergeDifferentStarts",
      params: { kept: "2020-01-01", duplicate: "2015-01-01", household: 4, householdId: "h4" },
    });
    // A kept stay begun by no event takes the duplicate's earlier start, and the event that opened it.
    expect(
      checkMerge(
        record({ memberships: [member("m1", 4, "2020-01-01")] }),
        record({ id: "b", memberships: [{ ...member("m2", 4, "2015-01-01"), fromEventId: "formed" }] }),
      ).change,
    ).toEqual([{ id: "m1", fromDate: "2015-01-01", toDate: null, fromEventId: "formed" }]);
  });

  it("leaves no event of the duplicate's tied to a stay it no longer opens or ends: a cut end or start has none, a joined stay the kept record's", () => {
    const keep = record({ memberships: [{ ...member("k1", 2, "2020-01-01"), fromEventId: "k-came" }] });
    const duplicate = record({
      id: "b",
      memberships: [
        { ...member("d1", 4, "2015-01-01", "2023-05-01"), fromEventId: "d-born", toEventId: "d-left" },
      ],
    });
    const plan = checkMerge(keep, duplicate);
    expect(plan.change).toEqual([
      { id: "d1", fromDate: "2015-01-01", toDate: "2020-01-01", toEventId: null },
    ]);
    expect(tiesAfter(keep, duplicate, plan)).toEqual(
      new Map([["d1", { fromEventId: "d-born", toEventId: null }]]),
    );
    // Joined with a kept stay still open, or ended by the kept record's own departure that day.
    for (const toEventId of [null, "k-left"]) {
      const kept = record({
        memberships: [
          { ...member("k1", 4, "2015-01-01", toEventId && "2023-05-01"), fromEventId: "k-born", toEventId },
        ],
      });
      const joined = record({
        id: "b",
        memberships: [
          { ...member("d1", 4, "2018-01-01", "2023-05-01"), fromEventId: "d-came", toEventId: "d-left" },
        ],
      });
      const joinedPlan = checkMerge(kept, joined);
      expect(joinedPlan).toEqual({ drop: ["d1"], change: [], joined: ["d1"] });
      expect(tiesAfter(kept, joined, joinedPlan).get("d1")).toEqual({ fromEventId: null, toEventId });
    }
    // The kept record's end written with no event takes the duplicate's departure that day.
    expect(
      checkMerge(
        record({ memberships: [member("k1", 4, "2015-01-01", "2023-05-01")] }),
        record({
          id: "b",
          memberships: [{ ...member("d1", 4, "2015-01-01", "2023-05-01"), toEventId: "d-left" }],
        }),
      ).change,
    ).toEqual([{ id: "k1", fromDate: "2015-01-01", toDate: "2023-05-01", toEventId: "d-left" }]);
  });

  it("ends a kept stay still open on the duplicate's death there, by its event; a death before the kept record's end there is refused", () => {
    const died = record({
      id: "b",
      deathDate: "2022-02-02",
      memberships: [{ ...member("d1", 4, "2015-01-01", "2022-02-02"), toEventId: "died" }],
    });
    expect(checkMerge(record({ memberships: [member("k1", 4, "2015-01-01")] }), died).change).toEqual([
      { id: "k1", fromDate: "2015-01-01", toDate: "2022-02-02", toEventId: "died" },
    ]);
    expect(
      refusal(
        record({ memberships: [{ ...member("k1", 4, "2015-01-01", "2023-05-01"), toEventId: "left" }] }),
        died,
      ),
    ).toMatchObject({ code: "registry.mergeDiedAndLives", params: { died: "2022-02-02", household: 4 } });
  });

  it("makes the person head of a joined stay on the days the duplicate headed the household, split where the head changed", () => {
    const son = record({ memberships: [{ ...member("k1", 4, "2015-01-01"), fromEventId: "formed" }] });
    // Made head by his father in 2018, on the other record.
    const madeHead = record({
      id: "b",
      memberships: [
        { ...member("d1", 4, "2015-01-01", "2018-01-01"), fromEventId: "formed", toEventId: "handed" },
        { ...member("d2", 4, "2018-01-01"), fromEventId: "handed", head: true },
      ],
    });
    const plan = checkMerge(son, madeHead);
    expect(plan).toEqual({
      drop: ["d1", "d2"],
      joined: ["d1", "d2"],
      change: [
        {
          id: "k1",
          fromDate: "2015-01-01",
          toDate: "2018-01-01",
          fromEventId: "formed",
          toEventId: "handed",
        },
      ],
      add: [
        {
          like: "k1",
          fromDate: "2018-01-01",
          toDate: null,
          head: true,
          fromEventId: "handed",
          toEventId: null,
        },
      ],
    });
    // The head change that made him head opens and ends his stays still: it is not voided.
    expect(tiesAfter(son, madeHead, plan)).toEqual(
      new Map([
        ["d1", { fromEventId: "formed", toEventId: "handed" }],
        ["d2", { fromEventId: "handed", toEventId: null }],
      ]),
    );
    // Head from the household's forming until his wife was made head in 2020.
    expect(
      checkMerge(
        son,
        record({
          id: "b",
          memberships: [
            {
              ...member("d1", 4, "2015-01-01", "2020-01-01"),
              fromEventId: "formed",
              toEventId: "wife",
              head: true,
            },
            { ...member("d2", 4, "2020-01-01"), fromEventId: "wife" },
          ],
        }),
      ),
    ).toMatchObject({
      change: [{ id: "k1", fromDate: "2015-01-01", toDate: "2020-01-01", head: true, toEventId: "wife" }],
      add: [
        {
          like: "k1",
          fromDate: "2020-01-01",
          toDate: null,
          head: false,
          fromEventId: "wife",
          toEventId: null,
        },
      ],
    });
    // Recorded leaving as head in 2020 while the kept record has him there still: his days as head
    // end then by no event (the departure is voided, or refuses the merge where it handed over).
    expect(
      checkMerge(
        son,
        record({
          id: "b",
          memberships: [
            {
              ...member("d1", 4, "2015-01-01", "2020-01-01"),
              fromEventId: "formed",
              toEventId: "left",
              head: true,
            },
          ],
        }),
      ),
    ).toMatchObject({
      change: [{ id: "k1", toDate: "2020-01-01", head: true, toEventId: null }],
      add: [{ like: "k1", fromDate: "2020-01-01", head: false, fromEventId: null }],
    });
    // The kept stay is the head's already: one stay.
    expect(
      checkMerge(
        record({ memberships: [{ ...member("k1", 4, "2015-01-01"), fromEventId: "formed", head: true }] }),
        madeHead,
      ),
    ).toEqual({ drop: ["d1", "d2"], joined: ["d1", "d2"], change: [] });
  });

  it("refuses a joined stay that would reach days the kept record has the person elsewhere", () => {
    expect(
      refusal(
        record({ memberships: [member("m1", 4, "2015-01-01"), member("m2", 2, "2005-01-01", "2010-01-01")] }),
        record({ id: "b", memberships: [member("m3", 4, "2000-01-01")] }),
      ),
    ).toMatchObject({ code: "registry.mergeMembershipsOverlap", params: { kept: 4, duplicate: 2 } });
  });

  const day = fc.integer({ min: 0, max: 40 }).map((d) => `2000-01-${String(d + 10).padStart(2, "0")}`);
  const period = fc
    .record({ household: fc.integer({ min: 1, max: 3 }), a: day, b: fc.option(day, { nil: null }) })
    .filter(({ a, b }) => b === null || a < b);

  it("answers the same whatever order the stays come in (property)", () => {
    // The database hands the rows over in no order of its own; a plan, or the refusal and the
    // household it names, must not depend on it.
    const stays = (prefix: string) =>
      fc
        .array(
          fc.record({
            period,
            head: fc.boolean(),
            housemates: fc.array(
              fc.record({ a: day, b: fc.option(day, { nil: null }), died: fc.option(day, { nil: null }) }),
              { maxLength: 2 },
            ),
          }),
          { maxLength: 4 },
        )
        .map((ps) =>
          ps.map(
            ({ period: p, head, housemates }, i): MergeMembership => ({
              ...member(`${prefix}${i}`, p.household, p.a, p.b),
              head,
              housemates: housemates.map((h) => housemate(h.a, h.b, h.died)),
            }),
          ),
        )
        .chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length })));
    const answer = (k: MergeMembership[], d: MergeMembership[]) => {
      try {
        return checkMerge(record({ memberships: k }), record({ id: "b", memberships: d }));
      } catch (e) {
        return e;
      }
    };
    fc.assert(
      fc.property(stays("k"), stays("d"), ([k, kShuffled], [d, dShuffled]) => {
        expect(answer(kShuffled, dShuffled)).toEqual(answer(k, d));
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps a head on every day the duplicate headed a joined stay, in pieces that follow one another (property)", () => {
    const stays = fc.array(fc.record({ period, head: fc.boolean() }), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(period, { maxLength: 3 }), stays, (k, d) => {
        const keep = record({ memberships: k.map((p, i) => member(`k${i}`, p.household, p.a, p.b)) });
        const duplicate = record({
          id: "b",
          memberships: d.map(({ period: p, head }, i) => ({
            ...member(`d${i}`, p.household, p.a, p.b),
            head,
          })),
        });
        if (overlapping(keep.memberships) || overlapping(duplicate.memberships)) return;
        let plan: ReturnType<typeof checkMerge>;
        try {
          plan = checkMerge(keep, duplicate);
        } catch {
          return; // refused: nothing changes
        }
        for (const kept of keep.memberships) {
          const pieces = [
            { ...kept, head: false, ...plan.change.find((c) => c.id === kept.id) },
            ...(plan.add ?? []).filter((p) => p.like === kept.id),
          ];
          expect(pieces.slice(1).map((p) => p.fromDate)).toEqual(pieces.slice(0, -1).map((p) => p.toDate));
          const headed = duplicate.memberships.filter(
            (m) => m.head && plan.joined.includes(m.id) && m.household === kept.household && overlap(m, kept),
          );
          for (const p of pieces) expect(p.head).toBe(headed.some((m) => overlap(m, p)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never leaves one person in two households on any day, nor shortens a kept stay (property)", () => {
    const periods = fc.array(period, { maxLength: 3 });
    fc.assert(
      fc.property(periods, periods, (k, d) => {
        const keep = record({ memberships: k.map((p, i) => member(`k${i}`, p.household, p.a, p.b)) });
        const duplicate = record({
          id: "b",
          memberships: d.map((p, i) => member(`d${i}`, p.household, p.a, p.b)),
        });
        let plan: ReturnType<typeof checkMerge>;
        try {
          plan = checkMerge(keep, duplicate);
        } catch {
          return; // refused: nothing changes
        }
        const merged = [
          ...[...keep.memberships, ...duplicate.memberships]
            .filter((m) => !plan.drop.includes(m.id))
            .map((m) => ({ ...m, ...plan.change.find((c) => c.id === m.id) })),
        ];
        // The kept record's stays are never dropped, and changed only joined with the duplicate's in
        // the same household, which widens them.
        for (const k of keep.memberships) {
          expect(plan.drop).not.toContain(k.id);
          const c = plan.change.find((c) => c.id === k.id);
          if (!c) continue;
          expect(duplicate.memberships.some((d) => d.household === k.household)).toBe(true);
          expect(
            c.fromDate <= k.fromDate && (c.toDate === null || (k.toDate !== null && c.toDate >= k.toDate)),
          ).toBe(true);
        }
        // A record already contradicting itself is not the merge's doing.
        if (overlapping(keep.memberships) || overlapping(duplicate.memberships)) return;
        expect(overlapping(merged), JSON.stringify(merged)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the duplicate's events a merge voids", () => {
  const mistaken = new Set(["stay56", "stay56b"]);
  const own = new Set(["stay56", "stay56b", "stay-parents", "stay-own"]);
  /** The household of a stay: No. 56 registered by mistake, the parents' No. 1, any other No. 2. */
  const householdOf = (membershipId: string) =>
    membershipId.startsWith("stay56") ? 56 : membershipId === "stay-parents" ? 1 : 2;
  /** eventsVoided of events of 1 March 2021, each given with the memberships it opened and those it ended. */
  const voidedOf = (
    events: { id: string; kind: string; opened?: string[]; ended?: string[] }[],
    /** What the merge makes of the stays of the duplicate's it changes other than dropping No. 56's. */
    becomes: [string, StayTies][] = [],
  ) => {
    const touched = events.flatMap((e) => [
      ...(e.opened ?? []).map((membershipId) => ({ eventId: e.id, membershipId, ended: false })),
      ...(e.ended ?? []).map((membershipId) => ({ eventId: e.id, membershipId, ended: true })),
    ]);
    // Stays not dropped keep their events, unless the merge changes them.
    const tiesOf = (id: string): StayTies => ({
      fromEventId: touched.find((t) => t.membershipId === id && !t.ended)?.eventId ?? null,
      toEventId: touched.find((t) => t.membershipId === id && t.ended)?.eventId ?? null,
    });
    const after = new Map([...own].map((id) => [id, mistaken.has(id) ? null : tiesOf(id)]));
    for (const [id, ties] of becomes) after.set(id, ties);
    return eventsVoided(
      events.map((e) => ({ ...e, occurredOn: "2021-03-01" })),
      touched.map((t) => ({
        ...t,
        household: householdOf(t.membershipId),
        householdId: `h${householdOf(t.membershipId)}`,
      })),
      { own, after },
    );
  };

  it("voids an arrival, a relation's correction and a departure that opened or ended only stays dropped as registered by mistake", () => {
    expect(
      voidedOf([
        { id: "arrived", kind: "arrival", opened: ["stay56"] },
        { id: "corrected", kind: "relation-correction", ended: ["stay56"], opened: ["stay56b"] },
        { id: "left", kind: "departure", ended: ["stay56b"] },
      ]),
    ).toEqual(["arrived", "corrected", "left"]);
  });

  it("voids a move into No. 56 out of a household the duplicate did live in: that stay's end was the move's", () => {
    expect(
      voidedOf([
        { id: "moved", kind: "arrival", ended: ["stay-parents"], opened: ["stay56"] },
        { id: "married-in", kind: "marriage", ended: ["stay-own"], opened: ["stay56b"] },
      ]),
    ).toEqual(["moved", "married-in"]);
  });

  it("keeps a move that opened a stay that stands, one that touched no mistaken stay, and a death", () => {
    expect(
      voidedOf([
        // Out of No. 56 into the parents' household, where the duplicate did live.
        { id: "moved-home", kind: "arrival", ended: ["stay56"], opened: ["stay-parents"] },
        { id: "left-home", kind: "departure", ended: ["stay-parents"] },
        { id: "went-abroad", kind: "migration" },
        { id: "died", kind: "death", ended: ["stay56b"] },
        { id: "born-own", kind: "birth", opened: ["stay-own"] },
      ]),
    ).toEqual([]);
  });

  it("voids a departure from days the merge cuts away or joins, and a second record of the kept record's own; keeps a move out of them into a stay that stands, untied", () => {
    const cut: [string, StayTies] = ["stay-own", { fromEventId: null, toEventId: null }];
    expect(voidedOf([{ id: "left", kind: "departure", ended: ["stay-own"] }], [cut])).toEqual(["left"]);
    expect(
      voidedOf(
        [{ id: "arrived-again", kind: "arrival", opened: ["stay-own"] }],
        [["stay-own", { fromEventId: "kept-born", toEventId: null }]],
      ),
    ).toEqual(["arrived-again"]);
    expect(
      voidedOf([{ id: "moved", kind: "arrival", ended: ["stay-own"], opened: ["stay-parents"] }], [cut]),
    ).toEqual([]);
  });

  it("refuses a move into No. 56 that handed over the head of the household it left, naming both, to be annulled first", () => {
    const handingOver = (before: string, after: string) => {
      try {
        return voidedOf([
          { id: "moved", kind: "arrival", ended: ["stay-own", before], opened: [after, "stay56b"] },
        ]);
      } catch (e) {
        return e;
      }
    };
    const named = {
      code: "registry.mergeVoidsHeadHandover",
      params: { on: "2021-03-01", into: 56, household: 2, householdId: "h2" },
    };
    // Out of its own household, whose head it was: the wife heads it since.
    expect(handingOver("wife-before", "wife-as-head")).toMatchObject(named);
    // A departure as head, from days the merge joins with the kept record's stay there still.
    const leaving = () => {
      try {
        return voidedOf(
          [{ id: "left", kind: "departure", ended: ["stay-own", "wife-before"], opened: ["wife-as-head"] }],
          [["stay-own", { fromEventId: null, toEventId: null }]],
        );
      } catch (e) {
        return e;
      }
    };
    expect(leaving()).toMatchObject({
      code: "registry.mergeVoidsHeadHandoverLeaving",
      params: { on: "2021-03-01", into: 2, household: 2, householdId: "h2" },
    });

    // Or the kept record, another record of the same man there, was made its head with the move.
    expect(handingOver("kept-as-son", "kept-as-head")).toMatchObject(named);
  });
});

describe("the first day a stay the merge changed differs", () => {
  it("is the earlier start where the start moved, the earlier end where the end moved, and none where nothing did", () => {
    const was = { fromDate: "2015-01-01", toDate: "2021-03-01" };
    expect(firstDayChanged(was, { fromDate: "2018-01-01", toDate: "2021-03-01" })).toBe("2015-01-01");
    expect(firstDayChanged(was, { fromDate: "2015-01-01", toDate: "2020-06-01" })).toBe("2020-06-01");
    expect(firstDayChanged(was, { fromDate: "2015-01-01", toDate: null })).toBe("2021-03-01");
    expect(
      firstDayChanged(
        { fromDate: "2015-01-01", toDate: null },
        { fromDate: "2012-01-01", toDate: "2020-01-01" },
      ),
    ).toBe("2012-01-01");
    expect(firstDayChanged(was, { ...was })).toBeNull();
  });
});
