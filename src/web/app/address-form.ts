import { useEffect, useState } from "react";

/**
 * The key of a filter form whose fields show the search the address holds: it changes with that
 * search and with every step back or forward through the browser's history.
 *
 * The router draws each address in a React transition, so a search sent and taken back (Back)
 * before its page was drawn leaves the drawn address as it was: keyed on the address alone, the
 * form would keep the words typed for the search taken back. The history step is told at once,
 * outside the transition, and the form is drawn afresh from the address the page shows.
 */
export function useAddressFormKey(search: string): string {
  const [historySteps, setHistorySteps] = useState(0);
  useEffect(() => {
    const stepped = () => setHistorySteps((n) => n + 1);
    window.addEventListener("popstate", stepped);
    return () => window.removeEventListener("popstate", stepped);
  }, []);
  return `${historySteps}\n${search}`;
}
