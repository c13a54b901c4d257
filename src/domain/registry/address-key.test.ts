import { describe, expect, it } from "vitest";
import { addressKey } from "./address-key.js";
import { searchKey } from "./names.js";

describe("address key", () => {
  const key = addressKey({ villageNames: ["Жаңы-Жол", "Жаны-Жол"], street: "Ленин көчөсү", house: "8а" });

  it("folds the village's names, street and house as names are, each word once", () => {
    expect(key).toBe("jani jol lenin kochosu 8a");
  });

  it("is met by the address typed without the Kyrgyz letters, in Latin or by the village", () => {
    for (const typed of ["Ленин кочосу 8а", "Lenin kochosu", "Жаны-Жол", "Zhany-Zhol", "Жаңы Жол Ленин"])
      for (const word of searchKey(typed).split(" ")) expect(key.split(" ")).toContain(word);
  });

  it("keeps a house number's doubled digits, which name another house", () => {
    expect(addressKey({ villageNames: [], street: "Манас", house: "11" })).toBe("manas 11");
    expect(searchKey("Манас 11")).not.toBe(searchKey("Манас 1"));
  });

  it("keeps what it has: no street or house, no village name", () => {
    expect(addressKey({ villageNames: [], street: null, house: null })).toBe("");
    expect(addressKey({ villageNames: ["Ак-Булак"], street: null, house: "21" })).toBe("ak bulak 21");
  });
});
