// In place of oclif's cache inside the bundled flag parser: it holds the exit codes a plugin may configure for usage
// errors, and pppc configures none (scripts/bundle-commands.mjs).
'use strict'
exports.__esModule = true
exports.default = {getInstance: () => ({get: () => undefined, has: () => false})}
