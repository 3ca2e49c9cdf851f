import {setFlagsFromString} from 'node:v8'

/**
 * Work that runs the same code over many inputs (validating thousands of profiles) spends its first few hundred
 * inputs waiting for V8's optimising compiler, and on a loaded two-core machine the compiler's thread competes with the
 * main one. With V8's defaults a 2,000-profile run optimised about 70 functions, each in tens of milliseconds (the XML
 * reader's dictionary loop took 31 ms, twice): about 450 ms of compiler time, as much as the validation itself. Two of
 * its budgets are set for such a run:
 * - the inlining budget (bytecode inlined into one optimised function, in all): 100 instead of 920 bytes, so that each
 *   function compiles in a fraction of the time;
 * - the interrupt budget (bytecode a function runs before it is weighed for optimisation): 132 KiB instead of 66, so
 *   that only the code that stays hot is optimised.
 * Measured on Node 20 (V8 11.3), 2,000 profiles: compiler time 450 to 140 ms (53 functions), the process's CPU time
 * 670 to 510 ms, its wall time 12 % less, a warm pass as fast as before (bench/README.md).
 */
const FLAGS = '--max-inlined-bytecode-size-cumulative=100 --interrupt-budget=135168'

/**
 * The V8 major versions the budgets were measured on; another V8 keeps its own defaults. Only flags that V8 reads
 * afresh are set here: the garbage collector's are read when the heap is set up, and one changed at run time
 * (--single-threaded-gc) crashed V8 at its next collection.
 */
const MEASURED_V8 = ['11']

let applied = false

/**
 * Sets the budgets for the rest of the process: they change which code V8 optimises, when, and how much it inlines,
 * never what the code does (only V8's tiering and inlining heuristics read them). Nothing happens on a V8 they were
 * not measured on, or when PPPC_V8_DEFAULTS is set.
 */
export function setCompilerBudgets(): void {
  if (applied || process.env.PPPC_V8_DEFAULTS) return
  applied = true
  if (!MEASURED_V8.includes(process.versions.v8.split('.')[0]!)) return
  setFlagsFromString(FLAGS)
}
