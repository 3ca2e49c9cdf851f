import {describe, expect, it} from 'vitest'
import {type PlanInput, planCleanup, planInstall, TEMP} from '../../src/install/plan.js'

const ZIP: PlanInput = {
  source: '/Users/admin/Downloads/Open To Start Support Session.zip',
  kind: 'zip',
  appName: 'Open To Start Support Session.app',
  dest: '/Users/admin/Downloads',
  force: false,
  keepQuarantine: false,
  open: true,
}

describe('the install plan', () => {
  it('extracts a zip with ditto into a fresh temporary folder, checks there, then moves, unquarantines and opens', () => {
    const plan = planInstall(ZIP)
    expect(plan.app).toBe('/Users/admin/Downloads/Open To Start Support Session.app')
    expect(plan.checkedApp).toBe(`${TEMP}/Open To Start Support Session.app`)
    expect(plan.steps.map((s) => s.id)).toEqual([
      'check-destination',
      'make-temp',
      'extract',
      'verify-signature',
      'read-signing',
      'assess',
      'read-quarantine',
      'move',
      'remove-temp',
      'unquarantine',
      'open',
    ])
    expect(plan.steps.find((s) => s.id === 'extract')!.argv).toEqual(['ditto', '-x', '-k', ZIP.source, TEMP])
    expect(plan.steps.find((s) => s.id === 'unquarantine')!.argv).toEqual([
      'xattr',
      '-dr',
      'com.apple.quarantine',
      plan.app,
    ])
  })

  it('writes nothing outside the temporary folder until the checks have passed', () => {
    for (const input of [ZIP, {...ZIP, dest: '/Applications', force: true}]) {
      const steps = planInstall(input).steps
      const move = steps.findIndex((s) => s.id === 'replace' || s.id === 'move')
      expect(move).toBeGreaterThan(steps.findIndex((s) => s.id === 'read-quarantine'))
      for (const step of steps.slice(0, move))
        for (const path of step.writes) expect(path === TEMP || path.startsWith(`${TEMP}/`)).toBe(true)
      // Everything from there on says when it runs: after the checks pass, or (removing $TMP) always.
      for (const step of steps.slice(move)) expect(step.when).toBeDefined()
    }
  })

  it('checks the app Safari expanded where it is, and only moves it for --dest', () => {
    const inPlace = planInstall({
      ...ZIP,
      kind: 'app',
      source: '/Users/admin/Downloads/Open To Start Support Session.app',
    })
    expect(inPlace.steps.map((s) => s.id)).toEqual([
      'verify-signature',
      'read-signing',
      'assess',
      'read-quarantine',
      'unquarantine',
      'open',
    ])
    const moved = planInstall({
      ...ZIP,
      kind: 'app',
      source: '/Users/admin/Downloads/Open To Start Support Session.app',
      dest: '/Applications',
      force: true,
    })
    expect(moved.steps.map((s) => s.id)).toEqual([
      'check-destination',
      'verify-signature',
      'read-signing',
      'assess',
      'read-quarantine',
      'replace',
      'move',
      'unquarantine',
      'open',
    ])
    expect(moved.steps.find((s) => s.id === 'move')!.argv).toEqual([
      'mv',
      '/Users/admin/Downloads/Open To Start Support Session.app',
      '/Applications/',
    ])
  })

  it('leaves out what --keep-quarantine and --no-open turn off', () => {
    const ids = planInstall({...ZIP, keepQuarantine: true, open: false}).steps.map((s) => s.id)
    expect(ids).not.toContain('unquarantine')
    expect(ids).not.toContain('open')
  })

  it('removes the extracted app and the archive on --cleanup', () => {
    expect(
      planCleanup({app: '/Users/admin/Downloads/A.app', archive: '/Users/admin/Downloads/A.zip'}).map((s) => s.argv),
    ).toEqual([
      ['rm', '-rf', '/Users/admin/Downloads/A.app'],
      ['rm', '-f', '/Users/admin/Downloads/A.zip'],
    ])
  })
})
