// In place of oclif's help inside the bundled flags module: a command line asking for help never starts bundled.
'use strict'
exports.loadHelpClass = () => {
  throw new Error('help is oclif’s')
}
