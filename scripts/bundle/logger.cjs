// In place of oclif's logger inside the bundled flag parser: its debug output is for DEBUG=*, and a command line
// with DEBUG set never starts bundled (src/cli/start.cts).
'use strict'
exports.makeDebug = () => () => undefined
