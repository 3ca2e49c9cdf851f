// In place of oclif's ux, ux/list and ux/theme inside the bundled flag parser: they only colour and lay out the
// text of usage errors and flag help, which a bundled start never prints (scripts/bundle-commands.mjs).
'use strict'
exports.__esModule = true
exports.colorize = (_colour, text) => text
exports.default = (rows) => rows.map((row) => row.join(' ')).join('\n')
