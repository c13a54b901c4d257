/**
 * The one error type of the domain. `code` is stable (it becomes the problem+json `type` and the
 * key of the translated message `errors.<code>`); `params` fill the message; `fields` name the
 * inputs at fault. Domain code throws this and never an HTTP error: the edge maps codes to status.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly params: MessageParams;
  readonly fields: readonly FieldIssue[];

  constructor(code: string, params: MessageParams = {}, fields: readonly FieldIssue[] = []) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "DomainError";
    this.code = code;
    this.params = params;
    this.fields = fields;
  }
}

/** One input at fault: a path into the input and a catalog key for the message. */
export interface FieldIssue {
  path: (string | number)[];
  code: string;
  params?: MessageParams;
}

/**
 * A message given as a parameter of another (a catalog key and its values): translated into the
 * reader's language first, so a pure rule can name a fact in the reader's words.
 */
export interface NestedMessage {
  key: string;
  params: Record<string, string | number>;
}

/**
 * A value quoted as the user wrote it (a cell of a file): shown as it is, never rewritten as a day or
 * a number of the reader's language, so the reader finds it where it was written.
 */
export interface VerbatimText {
  verbatim: string;
}

/**
 * A number as the user gave it, written with every decimal it has in the reader's way: a refusal
 * for a number's decimals must show them, where a plain number is cut to the register's four.
 */
export interface GivenNumber {
  given: number;
}

/**
 * A message's parameters: one may be a message of its own, or a list of them (said one after the
 * other, comma-separated: the columns a file lacks, in the reader's words), a value verbatim, or a
 * number as given.
 */
export type MessageParams = Record<
  string,
  string | number | NestedMessage | NestedMessage[] | VerbatimText | GivenNumber
>;
