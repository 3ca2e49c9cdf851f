/**
 * The exit codes pppc promises, so that CI can tell a failing profile from a crash:
 * 0 clean, 1 findings or a failed check, 2 usage error or unreadable input, 70 internal error (EX_SOFTWARE of
 * sysexits.h: a bug in pppc, never the input's fault).
 */
export const EXIT = {ok: 0, findings: 1, usage: 2, internal: 70} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** What went wrong, as a stable code in `--json` errors (`{"error": {"code", "exit", "message"}}`). */
export type ErrorCode =
  /** A flag or argument is missing or wrong. */
  | 'PPPC_USAGE'
  /** An input file, folder or value cannot be used (missing, unreadable, not what it should be). */
  | 'PPPC_INPUT'
  /** An input is beyond pppc's limits (size, depth, count). */
  | 'PPPC_LIMIT'
  /** A write would replace something that is not a regular file (symlink, FIFO, device, folder). */
  | 'PPPC_UNSAFE_TARGET'
  /** Findings that stop the command (push validates first). */
  | 'PPPC_FINDINGS'
  | 'PPPC_UNSAFE_ARCHIVE'
  | 'PPPC_REFUSED'
  | 'PPPC_NEEDS_MAC'
  | 'PPPC_MAC_STEP'
  /** A code requirement that cannot be read or compiled (the user's text or a blob). */
  | 'PPPC_REQUIREMENT'
  /** The server's TLS certificate or handshake failed (not retried). */
  | 'PPPC_TLS'
  /** A push would replace a profile that grants to other apps (without --replace). */
  | 'PPPC_REPLACE'
  | 'PPPC_HTTP'
  | 'PPPC_NETWORK'
  /** A bug in pppc: exit 70. */
  | 'PPPC_INTERNAL'

/** The exit code each error code has unless the thrower says otherwise. */
const DEFAULT_EXIT: Readonly<Record<ErrorCode, ExitCode>> = {
  PPPC_USAGE: EXIT.usage,
  PPPC_INPUT: EXIT.usage,
  PPPC_LIMIT: EXIT.usage,
  PPPC_UNSAFE_TARGET: EXIT.usage,
  PPPC_FINDINGS: EXIT.findings,
  PPPC_UNSAFE_ARCHIVE: EXIT.findings,
  PPPC_REFUSED: EXIT.findings,
  PPPC_NEEDS_MAC: EXIT.usage,
  PPPC_MAC_STEP: EXIT.findings,
  PPPC_REQUIREMENT: EXIT.usage,
  PPPC_TLS: EXIT.findings,
  PPPC_REPLACE: EXIT.findings,
  PPPC_HTTP: EXIT.findings,
  PPPC_NETWORK: EXIT.findings,
  PPPC_INTERNAL: EXIT.internal,
}

/**
 * The one error type the core throws. Commands print `message` (and `hint`) on one line and exit with `exitCode`:
 * 2 for bad input or usage, 1 for a failed check, 70 for a bug.
 */
export class PppcError extends Error {
  readonly hint: string | undefined
  readonly exitCode: number
  readonly code: ErrorCode

  /** What is wrong, without the hint. */
  readonly problem: string

  constructor(problem: string, options: {hint?: string | undefined; exitCode?: number; code?: ErrorCode} = {}) {
    super(options.hint ? `${problem}; ${options.hint}` : problem)
    this.problem = problem
    this.name = 'PppcError'
    this.hint = options.hint
    this.code = options.code ?? 'PPPC_INPUT'
    this.exitCode = options.exitCode ?? DEFAULT_EXIT[this.code]
  }

  /** One line for a terminal: what is wrong, then what to do. */
  oneLine(): string {
    return this.message.replace(/\s*\n\s*/g, ' ')
  }
}

export function isPppcError(error: unknown): error is PppcError {
  return error instanceof PppcError
}
