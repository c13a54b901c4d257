import { describe, expect, it } from "vitest";
import { programListed, sameProcess } from "./data-dir-lock.js";

describe("the embedded database's lock", () => {
  it("reads the program of a pid from tasklist's CSV lines, and nothing from its no-match line", () => {
    const listed = '"node.exe","5412","Services","0","61 228 K"\r\n';
    expect(programListed(listed, 5412)).toBe("node.exe");
    // Another pid's line is not this one's (a filter that matched more than asked).
    expect(programListed(listed, 541)).toBeNull();
    expect(programListed('"svchost.exe","5412","Services","0","9 120 K"', 5412)).toBe("svchost.exe");
    // Without a match tasklist says so in the system's language, on stdout: no program.
    expect(
      programListed("ИНФОРМАЦИЯ: Задачи, отвечающие заданным критериям, отсутствуют.\r\n", 5412),
    ).toBeNull();
    expect(programListed("INFO: No tasks are running which match the specified criteria.", 5412)).toBeNull();
    expect(programListed("", 5412)).toBeNull();
  });

  it("takes a pid run by another program than the lock's owner for another process, and nothing less", () => {
    const owner = { pid: 5412, program: "node.exe" };
    // A PC booted again after a power cut: the pid is another program's now.
    expect(sameProcess(owner, { pid: 5412, program: "svchost.exe" })).toBe(false);
    // The same program (Windows names files in any case): the owner, so the start is refused.
    expect(sameProcess(owner, { pid: 5412, program: "NODE.EXE" })).toBe(true);
    // What the system would not say, and a lock of an older version, count as the owner.
    expect(sameProcess(owner, { pid: 5412 })).toBe(true);
    expect(sameProcess({ pid: 5412 }, { pid: 5412, program: "svchost.exe" })).toBe(true);
    // Where the lock names a boot and a start (Linux), those decide, not a program.
    const linux = { pid: 5412, boot: "b1", start: "100" };
    expect(sameProcess(linux, { pid: 5412, boot: "b1", start: "100" })).toBe(true);
    expect(sameProcess(linux, { pid: 5412, boot: "b2", start: "100" })).toBe(false);
    expect(sameProcess(linux, { pid: 5412, boot: "b1", start: "101" })).toBe(false);
  });
});
