/**
 * Collects the errors and warnings of one rules file while it is read and
 * compiled. Snippets are cut at once from the contents of every file being
 * loaded (a message can point into an earlier file).
 */
import type { DeprecatedField, ErrorCode, WarningCode } from './codes.js';
import type { LoadContext } from './context.js';
import type { FileLoadResult } from './load-result.js';

export class ResultBuilder {
  readonly result: FileLoadResult;

  constructor(
    name: string,
    private readonly contents: ReadonlyMap<string, string>,
  ) {
    this.result = { name, successful: true, errors: [], warnings: [], schemaValidation: [] };
  }

  get successful(): boolean {
    return this.result.successful;
  }

  addError(code: ErrorCode, message: string, context: LoadContext): void {
    this.result.successful = false;
    this.result.errors.push({ code, message, context, snippet: context.snippet(this.contents) });
  }

  addWarning(code: WarningCode, message: string, context: LoadContext): void {
    this.result.warnings.push({ code, message, context, snippet: context.snippet(this.contents) });
  }

  addDeprecatedFieldWarning(field: DeprecatedField, message: string, context: LoadContext): void {
    this.result.warnings.push({
      code: 'LOAD_DEPRECATED_ITEM',
      message,
      context,
      snippet: context.snippet(this.contents),
      deprecatedField: field,
    });
  }

  setSchemaValidation(status: string[]): void {
    this.result.schemaValidation = status;
  }
}

/** A problem that ends reading or compiling the current file (Falco's rule_load_exception). */
export class LoadFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: LoadContext,
  ) {
    super(message);
  }
}

/**
 * A failure Falco does not attribute to an item (a yaml-cpp conversion or a
 * field-parsing exception escaping the checks): reported as LOAD_ERR_VALIDATE
 * at the rules file, with the exception's text.
 */
export class UnexpectedFailure extends Error {}
