// In place of oclif's errors module inside the bundled flag parser (scripts/bundle-commands.mjs). The parser throws
// these only for a usage error, and a usage error hands the whole command line back to oclif
// (src/cli/bundled-command.ts), which says it in its own words.
'use strict'
class CLIError extends Error {}
exports.CLIError = CLIError
exports.error = (input) => {
  throw new CLIError(String(input))
}
