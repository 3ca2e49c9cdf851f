// In place of node:readline inside the bundled flag parser, which reads stdin with it only for a flag given as "-":
// Node's readline loads when that happens, not at every start (scripts/bundle-commands.mjs).
'use strict'
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when used, which is the point
exports.createInterface = (...args) => require('node:readline').createInterface(...args)
