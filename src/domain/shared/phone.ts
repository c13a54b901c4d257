import { DomainError } from "./errors.js";

/**
 * Phone numbers as E.164 ("+996555123456"). People write Kyrgyz mobiles as "0555 12 34 56",
 * "555123456", "996 555 123 456" or "+996 (555) 12-34-56"; Tajik ones with +992. A bare national
 * number takes the organisation's country code.
 */
const COUNTRY_CODES: Record<string, { code: string; nationalDigits: number }> = {
  KG: { code: "996", nationalDigits: 9 },
  TJ: { code: "992", nationalDigits: 9 },
  UZ: { code: "998", nationalDigits: 9 },
  KZ: { code: "7", nationalDigits: 10 },
};

export function normalizePhone(input: string, country: keyof typeof COUNTRY_CODES = "KG"): string {
  const digits = input.replace(/[\s()\-.]/g, "");
  if (!/^\+?\d+$/.test(digits)) throw new DomainError("phone.invalid", { value: input });
  const plan = COUNTRY_CODES[country]!;
  let number: string;
  if (digits.startsWith("+")) number = digits.slice(1);
  else if (digits.startsWith("00")) number = digits.slice(2);
  else if (digits.startsWith(plan.code) && digits.length === plan.code.length + plan.nationalDigits)
    number = digits;
  else if (digits.startsWith("0") && digits.length === plan.nationalDigits + 1)
    number = plan.code + digits.slice(1);
  else if (digits.length === plan.nationalDigits) number = plan.code + digits;
  else throw new DomainError("phone.invalid", { value: input });
  if (number.length < 8 || number.length > 15) throw new DomainError("phone.invalid", { value: input });
  // A country whose plan we know has numbers of one length: "+9965551234" is a digit short.
  const known = Object.values(COUNTRY_CODES).find((p) => number.startsWith(p.code));
  if (known && number.length !== known.code.length + known.nationalDigits)
    throw new DomainError("phone.invalid", { value: input });
  return `+${number}`;
}

// GSM 03.38 basic set; any other character (all Cyrillic) makes the message UCS-2.
const GSM7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED = "^{}\\[~]|€";

/** Where a message of the SMS outbox stands, as the service keeps it and the SMS page filters it. */
export const SMS_STATUSES = ["queued", "sending", "sent", "delivered", "failed", "cancelled"] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** How many SMS segments a text costs: Kyrgyz in Cyrillic is UCS-2, 70 characters (67 when split). */
export function smsSegments(text: string): { encoding: "gsm7" | "ucs2"; segments: number } {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7.includes(c) || GSM7_EXTENDED.includes(c));
  if (gsm) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXTENDED.includes(c) ? 2 : 1), 0);
    return { encoding: "gsm7", segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  // UCS-2 counts UTF-16 code units; characters outside the BMP take two.
  const units = text.length;
  return { encoding: "ucs2", segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/**
 * A phone as a form or an import takes it: empty is none, anything else E.164 by normalizePhone or
 * "invalid" (the field's refusal, phoneInvalid), so every way in stores and refuses a number alike
 * and a search by phone finds it.
 */
export function phoneOfField(text: string | null | undefined): string | null | "invalid" {
  if (!text?.trim()) return null;
  try {
    return normalizePhone(text);
  } catch (error) {
    if (error instanceof DomainError) return "invalid";
    throw error;
  }
}
