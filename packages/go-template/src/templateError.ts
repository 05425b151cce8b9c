/** A parse or execution error, with Go's own message text in `message`. */
export class TemplateError extends Error {
  /** The template name the error is reported under. */
  readonly templateName: string;
  /** 1-based line of the error in the template text. */
  readonly line: number;
  /** 0-based byte column as Go counts it (execution errors only; parse errors report lines only). */
  readonly column: number | undefined;
  constructor(message: string, templateName: string, line: number, column?: number) {
    super(message);
    this.name = 'TemplateError';
    this.templateName = templateName;
    this.line = line;
    this.column = column;
  }
}
