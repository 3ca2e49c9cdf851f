import {setFlagsFromString} from 'node:v8'

/**
 * Work that runs the same code over many inputs (validating thousands of profiles) spends its first few hundred
 * inputs waiting for V8's optimising compiler. With V8's default inlining budget each function it optimises takes
 * tens of milliseconds to compile (the XML reader's dictionary loop took 31 ms, twice), so the loop runs slow code
 * for longer, and on a loaded two-core machine the compiler's thread competes with the main one. A smaller budget
 * for inlining (bytecode inlined into one function in all) halved the compile time of a 2,000-profile run; the
 * cold pass took 14-17 % less time and the warm one the same (measured on Node 20, V8 11.3: bench/README.md).
 */
const FLAGS = '--max-inlined-bytecode-size-cumulative=100'

/** The V8 major versions the flag was measured on; another V8 keeps its own defaults. */
const MEASURED_V8 = ['11']

let applied = false

/**
 * Sets the smaller inlining budget for the rest of the process (only code optimised from now on is affected; the
 * flag changes how much is inlined, never what the code does). Nothing happens on a V8 it was not measured on, or
 * when PPPC_V8_DEFAULTS is set.
 */
export function preferQuickerCompiles(): void {
  if (applied || process.env.PPPC_V8_DEFAULTS) return
  applied = true
  if (!MEASURED_V8.includes(process.versions.v8.split('.')[0]!)) return
  setFlagsFromString(FLAGS)
}
