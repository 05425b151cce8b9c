/** A parse or execution error, with Go's own message text in `message`. */
export class TemplateError extends Error {
  /** The template name the error is reported under. */
  readonly templateName: string;
  /** 1-based line of the error in the template text. */
  readonly line: number;
  /**
   * 0-based byte column in the line, as Go counts it in execution errors. For parse errors (whose
   * Go message has only the line) it is where the parser stopped, for pointing an editor at it.
   */
  readonly column: number | undefined;
  constructor(message: string, templateName: string, line: number, column?: number) {
    super(message);
    this.name = 'TemplateError';
    this.templateName = templateName;
    this.line = line;
    this.column = column;
  }
}
