import {describe, expect, it} from 'vitest'
import {
  bundleOf,
  isInside,
  isLauncherPath,
  launcherNames,
  removableFolder,
  sameFinderName,
} from '../../src/checks/client.js'
import {requireApp} from '../../src/profiles/catalogue.js'

const client = requireApp('beyondtrust').client!
const translocated = (name: string) =>
  `/private/var/folders/7k/q1x2y3z4/T/AppTranslocation/0F1E2D3C-4B5A-6978-8A9B-C0D1E2F3A4B5/d/${name}.app/Contents/MacOS/sdcust`

describe('launcher names, as Finder compares them (without regard to case or accent composition)', () => {
  it("both onboarding documents' spelling and the download's name are the launcher", () => {
    // University of Alberta and Texas Tech write "Open to Start Support Session"; the download is "Open To Start …".
    expect(isLauncherPath(translocated('Open to Start Support Session'), client)).toBe(true)
    expect(isLauncherPath(translocated('Open To Start Support Session'), client)).toBe(true)
    expect(isLauncherPath(translocated('OPEN TO START SUPPORT SESSION'), client)).toBe(true)
    expect(isLauncherPath(translocated('Double-Click To Start Support Session'), client)).toBe(true)
    expect(isLauncherPath(translocated('Remote Support Customer Client'), client)).toBe(false)
    expect(
      isLauncherPath(
        '/Applications/.com.bomgar.scc.2A7F3C91/Remote Support Customer Client.app/Contents/MacOS/sdcust',
        client,
      ),
    ).toBe(false)
  })

  it('compares composed and decomposed accents as one name', () => {
    expect(sameFinderName('Caf\u00e9 Support', 'cafe\u0301 support')).toBe(true)
    expect(sameFinderName('Cafe Support', 'Caf\u00e9 Support')).toBe(false)
    expect(isInside('/Applications/Caf\u00e9/X.app/Contents/MacOS/x', '/applications/cafe\u0301/x.app')).toBe(true)
  })

  it('lists the catalogue names once each', () => {
    expect(launcherNames(client)).toEqual(['Open to Start Support Session', 'Double-Click To Start Support Session'])
  })

  it('finds the bundle of an executable, and the per-site folder to remove', () => {
    expect(bundleOf('/Applications/.com.bomgar.scc.1/Remote Support Customer Client.app/Contents/MacOS/sdcust')).toBe(
      '/Applications/.com.bomgar.scc.1/Remote Support Customer Client.app',
    )
    expect(removableFolder('/Applications/.com.bomgar.scc.1C9F2B84/Remote Support Customer Client.app', client)).toBe(
      '/Applications/.com.bomgar.scc.1C9F2B84',
    )
    expect(removableFolder('/Users/Shared/bomgar-scc-42/Bomgar Support Client.app', client)).toBe(
      '/Users/Shared/bomgar-scc-42',
    )
    // A copy straight in /Applications: only the app goes, never the folder that holds every app.
    expect(removableFolder('/Applications/Remote Support Customer Client.app', client)).toBe(
      '/Applications/Remote Support Customer Client.app',
    )
  })
})

describe('paths as the file system compares them', () => {
  it('folds repeated slashes, a trailing slash and the Data volume spelling, and lists a copy once', async () => {
    const {canonicalPath, pathsFromListing} = await import('../../src/checks/client.js')
    expect(canonicalPath('/System/Volumes/Data/Applications//.com.bomgar.scc.1/X.app/')).toBe(
      '/Applications/.com.bomgar.scc.1/X.app',
    )
    expect(canonicalPath('/private/var/folders/x')).toBe('/var/folders/x')
    expect(pathsFromListing('/Applications/.com.bomgar.scc.1/X.app\n/applications/.com.bomgar.scc.1/x.app/\n')).toEqual(
      ['/Applications/.com.bomgar.scc.1/X.app'],
    )
    expect(removableFolder('/Applications//.com.bomgar.scc.1C9F2B84/Remote Support Customer Client.app/', client)).toBe(
      '/Applications/.com.bomgar.scc.1C9F2B84',
    )
  })
})
