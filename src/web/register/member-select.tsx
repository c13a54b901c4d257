import {
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { fullName, shortName } from "../../domain/registry/names.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import type { Member } from "./api.js";

/** What a native select's own arrow takes of its width beside the padding (Chromium's: 20.25 px). */
const SELECT_ARROW_PX = 22;

/**
 * A choice of members, each by name and birth date. A select's options cannot wrap, and on a
 * 360 px phone a long name would push the date, the part that tells namesakes apart, out of
 * sight: each name is shortened (shortName) just as much as the select's width needs, measured in
 * its own font, and given whole as the option's title. `children` come before the members (an
 * empty choice).
 */
export function MemberSelect({
  members,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { members: Member[]; children?: ReactNode }) {
  const ref = useRef<HTMLSelectElement>(null);
  const fits = useFitsIn(ref);
  return (
    <select ref={ref} {...props}>
      {children}
      {members.map((m) => {
        const born = m.birthDate ? `, ${formatDate(m.birthDate, currentLocale())}` : "";
        return (
          <option key={m.id} value={m.id} title={fullName(m)}>
            {shortName(m, (name) => fits(name + born))}
            {born}
          </option>
        );
      })}
    </select>
  );
}

/** Whether a text fits the select's room for its choice, in its font; all fits until it is measured. */
function useFitsIn(ref: RefObject<HTMLSelectElement | null>): (text: string) => boolean {
  const [room, setRoom] = useState<{ width: number; font: string } | null>(null);
  useLayoutEffect(() => {
    const select = ref.current;
    if (!select) return;
    const measure = () => {
      const style = getComputedStyle(select);
      const width =
        select.clientWidth -
        Number.parseFloat(style.paddingLeft) -
        Number.parseFloat(style.paddingRight) -
        SELECT_ARROW_PX;
      setRoom((was) => (was?.width === width && was.font === style.font ? was : { width, font: style.font }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(select);
    return () => observer.disconnect();
  }, [ref]);
  const context = useRef<CanvasRenderingContext2D | null>(null);
  if (!room) return () => true;
  context.current ??= document.createElement("canvas").getContext("2d");
  const text = context.current;
  if (!text) return () => true;
  text.font = room.font;
  return (value) => text.measureText(value).width <= room.width;
}
