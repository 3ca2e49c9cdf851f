/**
 * The one error type the core throws. Commands print `message` (and `hint`) on one line and exit with `exitCode`:
 * 2 for bad input or usage, 1 for a failed check.
 */
export class PppcError extends Error {
  readonly hint: string | undefined
  readonly exitCode: number
  readonly code: string

  /** What is wrong, without the hint. */
  readonly problem: string

  constructor(problem: string, options: {hint?: string | undefined; exitCode?: number; code?: string} = {}) {
    super(options.hint ? `${problem}; ${options.hint}` : problem)
    this.problem = problem
    this.name = 'PppcError'
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 2
    this.code = options.code ?? 'PPPC_INPUT'
  }

  /** One line for a terminal: what is wrong, then what to do. */
  oneLine(): string {
    return this.message.replace(/\s*\n\s*/g, ' ')
  }
}

export function isPppcError(error: unknown): error is PppcError {
  return error instanceof PppcError
}
