#!/usr/bin/env node
import {execute} from '@oclif/core/execute'

// With DEBUG set, oclif logs the command line (process.argv) as execute() starts: mask credentials in it first.
if (process.env.DEBUG) (await import('../dist/deploy/debug-output.js')).redactDebugOutput()

await execute({dir: import.meta.url})
