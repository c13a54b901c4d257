/** Water below this (a microlitre) is rounding, not a turn's. */
const EPS_M3 = 1e-9;

/**
 * An outlet's lap in a cycle that archive days cut in pieces (see buildRotationInSpans): its users
 * in order from the head, each with one turn of their water over the cycle, laid on the pieces one
 * after another, each piece taking what its span gives the outlet in its days (so the head's
 * steady flow holds in each). The turn a cut runs through goes on after it; a user who has left
 * is skipped. A user whose water ends with an earlier piece (they leave) takes it there: at their
 * place where the lap reaches them in time, else just before the turn the cut runs through (the
 * soonest to leave first).
 *
 * `pieceM3`: a user's water in each piece. Returns each piece's turns in order, as user and m³.
 */
export function lapInPieces(
  users: { id: string; pieceM3: number[] }[],
): { id: string; volumeM3: number }[][] {
  const pieces = Math.max(0, ...users.map((u) => u.pieceM3.length));
  const roomM3 = Array.from({ length: pieces }, (_, p) =>
    users.reduce((sum, u) => sum + (u.pieceM3[p] ?? 0), 0),
  );
  const leftM3 = users.map((u) => u.pieceM3.reduce((sum, m3) => sum + m3, 0));
  const lastPiece = users.map((u) => u.pieceM3.findLastIndex((m3) => m3 > 0));
  // What those who leave before piece `upTo` must still take in piece p: for each piece they may
  // wait to, what they have left beyond what the pieces after p up to it hold.
  const dueIn = (p: number, upTo = pieces - 1) => {
    let most = 0;
    let laterRoomM3 = 0;
    for (let last = p; last < upTo; last++) {
      if (last > p) laterRoomM3 += roomM3[last]!;
      const dueM3 = users.reduce((sum, _, i) => (lastPiece[i]! <= last ? sum + leftM3[i]! : sum), 0);
      most = Math.max(most, dueM3 - laterRoomM3);
    }
    return most;
  };
  const laps: { id: string; volumeM3: number }[][] = [];
  let next = 0; // where the lap stands
  for (let p = 0; p < pieces; p++) {
    const lap: { id: string; volumeM3: number }[] = [];
    let roomLeftM3 = roomM3[p]!;
    const give = (i: number, m3: number, at = lap.length) => {
      const held = lap.find((turn) => turn.id === users[i]!.id);
      if (held) held.volumeM3 += m3;
      else lap.splice(at, 0, { id: users[i]!.id, volumeM3: m3 });
      leftM3[i]! -= m3;
      roomLeftM3 -= m3;
      return !held;
    };
    // The lap from where it stands, each user taking what the piece holds beside what those who
    // leave before them must still have in it; the last piece takes all that is left (rounding
    // included), so every user gets all their water.
    const last = p === pieces - 1;
    const inOrder = () => {
      for (; next < users.length; next++) {
        const m3 = last ? leftM3[next]! : Math.min(leftM3[next]!, roomLeftM3 - dueIn(p, lastPiece[next]!));
        if (m3 > EPS_M3) give(next, m3);
        if (leftM3[next]! > EPS_M3) break;
      }
    };
    inOrder();
    // The turn the cut runs through, if any, waits for those who must go before they leave.
    let at = next < users.length && lap.at(-1)?.id === users[next]!.id ? lap.length - 1 : lap.length;
    let dueM3 = Math.min(dueIn(p), roomLeftM3);
    const leaving = users
      .map((_, i) => i)
      .filter((i) => leftM3[i]! > EPS_M3 && lastPiece[i]! < pieces - 1)
      .sort((a, b) => lastPiece[a]! - lastPiece[b]! || a - b);
    for (const i of leaving) {
      if (dueM3 <= EPS_M3) break;
      const m3 = Math.min(leftM3[i]!, dueM3);
      if (give(i, m3, at)) at++;
      dueM3 -= m3;
    }
    if (!last) inOrder();
    laps.push(lap.filter((turn) => turn.volumeM3 > EPS_M3));
  }
  return laps;
}
