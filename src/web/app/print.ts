/**
 * A folded part of a page (`<details>`: a household's former members and flags) is printed open,
 * then folded again: on paper nothing can be unfolded. Browsers announce a print with
 * `beforeprint`/`afterprint`, whichever way it was asked for.
 */
export function unfoldWhilePrinting(): void {
  let unfolded: HTMLDetailsElement[] = [];
  window.addEventListener("beforeprint", () => {
    unfolded = [...document.querySelectorAll<HTMLDetailsElement>("details:not([open])")];
    for (const details of unfolded) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of unfolded) details.open = false;
    unfolded = [];
  });
}
