#!/usr/bin/env node
// CommonJS (bin/package.json): pppc answers --version and help before any ES module loads. How: src/cli/start.cts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose: no ES module loader at start
require('../dist/cli/start.cjs').main(process.argv.slice(2))
