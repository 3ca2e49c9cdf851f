import {describe, expect, it} from 'vitest'
import {describeParseError} from '../../src/cli/parse-errors.js'
import {pppcInProcess} from '../helpers/cli.js'
import {expectOneLineError} from '../helpers/expect-cli.js'

// oclif's own words were "The following error occurred:" and "Missing 1 required arg:", cut at the first line,
// so the user was not told what was missing.
describe('usage errors name what is missing', () => {
  it.each([
    [['inspect'], /^Error: missing argument FILE; see --help/],
    [['collect'], /^Error: missing --output; see --help$/],
    [['generate', '--app', 'beyondtrust', '--frobnicate'], /^Error: Nonexistent flag: --frobnicate; see --help$/],
  ])('pppc %j', async (args, message) => {
    expectOneLineError(await pppcInProcess(args), 2, message)
  })

  it('lists every missing flag and argument, whatever oclif colours them with', () => {
    expect(
      describeParseError({
        message:
          'The following errors occurred:\n  \u001B[2mMissing required flag url\n  Missing required flag name\u001B[22m\nSee more help with --help',
      }),
    ).toBe('missing --url; missing --name')
    expect(
      describeParseError({message: 'Missing 2 required args:\nfile\nidentity', args: [{name: 'a'}, {name: 'b'}]}),
    ).toBe('missing arguments A, B')
    expect(
      describeParseError({
        message:
          'The following error occurred:\n  --a=x cannot also be provided when using --b\nSee more help with --help',
      }),
    ).toBe('--a=x cannot also be provided when using --b')
  })
})
