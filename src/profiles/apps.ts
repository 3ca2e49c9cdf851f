/**
 * The app catalogue, as data: remote-support clients with their bundle ID, Team ID, designated requirement and the
 * grants they need. Facts come from ../shared/research/app-catalogue.json with the sources listed per entry.
 * `verification` follows that file's convention: verified (bundle ID, Team ID and requirement corroborated by two
 * independent sources including the vendor or an MDM vendor), partially_verified, unverified.
 */
import type {AppEntry} from './app-entry.js'

export const APPS: readonly AppEntry[] = [
  {
    key: 'beyondtrust-rs-customer-client',
    name: 'BeyondTrust Remote Support Customer Client (also Jump Client; formerly Bomgar Support Client)',
    vendor: 'BeyondTrust Corporation (formerly Bomgar)',
    aliases: ['beyondtrust', 'bomgar', 'beyondtrust-rs', 'bomgar-scc', 'remote-support-customer-client'],
    bundleId: 'com.bomgar.bomgar-scc',
    bundleRole:
      "customer client / Jump Client app ('Remote Support Customer Client.app'; executable Contents/MacOS/sdcust)",
    teamId: 'B65TM49E24',
    codeRequirement:
      'identifier "com.bomgar.bomgar-scc" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
    requirementSource: 'published_by_vendor',
    verification: 'verified',
    grants: [
      {
        service: 'Accessibility',
        authorization: 'Allow',
        purpose: 'Screen Sharing (remote control)',
        source: 'published_by_vendor',
      },
      {
        service: 'SystemPolicyAllFiles',
        authorization: 'Allow',
        purpose: 'File Transfer (Full Disk Access)',
        source: 'published_by_vendor',
      },
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: 'Screen Sharing (Screen Recording)',
        source: 'published_by_vendor',
      },
      {
        service: 'PostEvent',
        authorization: 'Allow',
        purpose: 'synthetic input (legacy)',
        source:
          'found_in_public_profile (vmware-samples/euc-samples macOS-Samples/Privacy Preferences Policy Control/README.md, 2018) — optional/legacy, not in current BeyondTrust table',
        optional: true,
      },
      {
        service: 'AppleEvents',
        authorization: 'Allow',
        purpose: 'unspecified (legacy sample)',
        source: 'found_in_public_profile (vmware-samples/euc-samples, 2018) — optional/legacy, unverified need',
        optional: true,
        receiver: {
          identifier: 'com.apple.systemevents',
          identifierType: 'bundleID',
          codeRequirement: 'identifier "com.apple.systemevents" and anchor apple',
        },
      },
    ],
    relatedBundleIds: [],
    downloads: ['Open To Start Support Session.zip', 'Open To Start Support Session.app'],
    notes: [
      "Exact string in BeyondTrust Jump Client documentation PPPC section (seen in a digest of https://docs.beyondtrust.com/pra/docs/pf-jump-clients; RS Jump Client Guide TC 7/9/2024 has the same 'Set Privacy Policy Preference Control' section); identical string in vmware-samples/euc-samples (2018), itmighthavebeen/bomgar_jumpclient Bomgar.mobileconfig and royklo/macPPPC.",
      "PPPC 'Required for macOS Mojave (10.14) and later' per BeyondTrust.",
      'Local Network prompt \'Allow "Remote Support Customer Client" to find devices on local networks?\' seen on current macOS (askit.ttu.edu KB0025822).',
      'Whether the client holds com.apple.developer.persistent-content-capture (avoids Sequoia monthly bypass alert): unverified.',
    ],
    sources: [
      'https://docs.beyondtrust.com/pra/docs/pf-jump-clients (text via third-party digest)',
      "https://docs.beyondtrust.com/rs/docs/jump-client-guide (RS Jump Client Guide; TOC incl. 'Set Privacy Policy Preference Control', 'Configure Managed Login Items' — TC 7/9/2024 copy at https://rumble-crumble-i.com/pinned-documents-not-opening-8633)",
      'github:vmware-samples/euc-samples macOS-Samples/Privacy Preferences Policy Control/README.md',
      'github:itmighthavebeen/bomgar_jumpclient Bomgar.mobileconfig, postinstall.sh (commit 0d773151b44726058260ba9bb971e78b2d4cd5ec)',
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'https://askit.ttu.edu/sp?id=kb_article_view&sysparm_article=KB0025822',
      'https://gist.github.com/gmarnin/e8e38d404eaf9a8158e02aa921417592',
    ],
  },
  {
    key: 'beyondtrust-rs-representative-console',
    name: 'BeyondTrust Remote Support Representative Console',
    vendor: 'BeyondTrust Corporation',
    aliases: ['beyondtrust-rep', 'bomgar-rep'],
    bundleId: 'com.bomgar.bomgar-rep-hcl',
    bundleRole: 'representative (technician) console',
    teamId: 'B65TM49E24',
    codeRequirement:
      'identifier "com.bomgar.bomgar-rep-hcl" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = B65TM49E24',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json only)',
    verification: 'unverified',
    grants: [
      {
        service: 'Accessibility',
        authorization: 'Allow',
        purpose: 'unverified — not documented by BeyondTrust for the rep console',
        source: 'unverified',
      },
    ],
    relatedBundleIds: [],
    notes: ['Technician-side app; not needed on customer Macs. Included only for completeness.'],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
    ],
  },
  {
    key: 'teamviewer',
    name: 'TeamViewer (full client)',
    vendor: 'TeamViewer Germany GmbH',
    aliases: [],
    bundleId: 'com.teamviewer.TeamViewer',
    bundleRole: 'main app',
    teamId: 'H7UGFBUGV6',
    codeRequirement:
      'anchor apple generic and identifier "com.teamviewer.TeamViewer" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {
        service: 'Accessibility',
        authorization: 'Allow',
        purpose: '',
        source: 'community PPPC profiles / vendor guidance (remote control)',
      },
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule: cannot be pre-granted',
      },
      {
        service: 'SystemPolicyAllFiles',
        authorization: 'Allow',
        purpose: '',
        source: 'community PPPC profiles (file transfer) — partially verified',
      },
    ],
    relatedBundleIds: [
      {
        id: 'com.teamviewer.Desktop',
        role: "helper 'TeamViewer_Desktop' used for remote control (listed in Intune/PPPC community guidance)",
      },
    ],
    notes: ['LaunchDaemons com.teamviewer.desktop / com.teamviewer.service / com.teamviewer.Helper (Homebrew cask).'],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/teamviewer.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
      'https://raw.githubusercontent.com/Homebrew/homebrew-cask/HEAD/Casks/t/teamviewer.rb',
    ],
  },
  {
    key: 'teamviewer-host',
    name: 'TeamViewer Host',
    vendor: 'TeamViewer Germany GmbH',
    aliases: [],
    bundleId: 'com.teamviewer.TeamViewerHost',
    bundleRole: 'unattended host',
    teamId: 'H7UGFBUGV6',
    codeRequirement:
      'anchor apple generic and identifier "com.teamviewer.TeamViewerHost" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
      {service: 'SystemPolicyAllFiles', authorization: 'Allow', purpose: '', source: 'community — partially verified'},
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/teamviewerhost.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'teamviewer-quicksupport',
    name: 'TeamViewer QuickSupport',
    vendor: 'TeamViewer Germany GmbH',
    aliases: ['teamviewer-qs'],
    bundleId: 'com.teamviewer.TeamViewerQS',
    bundleRole: 'attended customer module',
    teamId: 'H7UGFBUGV6',
    codeRequirement:
      'anchor apple generic and identifier "com.teamviewer.TeamViewerQS" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = H7UGFBUGV6)',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/teamviewerqs.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'splashtop-streamer',
    name: 'Splashtop Streamer',
    vendor: 'Splashtop Inc.',
    aliases: ['splashtop'],
    bundleId: 'com.splashtop.Splashtop-Streamer',
    bundleRole: 'unattended streamer',
    teamId: 'CPQQ3AW49Y',
    codeRequirement:
      'identifier "com.splashtop.Splashtop-Streamer" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = CPQQ3AW49Y',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'verified',
    grants: [
      {
        service: 'Accessibility',
        authorization: 'Allow',
        purpose: '',
        source: 'community Terraform/PPPC profile; Splashtop KB',
      },
      {
        service: 'SystemPolicyAllFiles',
        authorization: 'Allow',
        purpose: '',
        source: "community profile; Splashtop KB ('Files & Folders' for file transfer)",
      },
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [
      "Splashtop KB: on Sonoma 14.2+/Sequoia grant the 'Remote Desktop' permission to avoid monthly reminder pop-ups.",
    ],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/splashtopstreamer.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
      'https://support-splashtopbusiness.splashtop.com/hc/en-us/articles/29381364146459',
    ],
  },
  {
    key: 'splashtop-sos',
    name: 'Splashtop SOS',
    vendor: 'Splashtop Inc.',
    aliases: [],
    bundleId: 'com.splashtop.Splashtop-SOS',
    bundleRole: 'attended customer app',
    teamId: 'CPQQ3AW49Y',
    codeRequirement:
      'identifier "com.splashtop.Splashtop-SOS" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = CPQQ3AW49Y',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/splashtopsos.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'zoom',
    name: 'Zoom Workplace (zoom.us)',
    vendor: 'Zoom Video Communications, Inc.',
    aliases: [],
    bundleId: 'us.zoom.xos',
    bundleRole: 'main app',
    teamId: 'BJ4HAAB9B3',
    codeRequirement:
      'identifier "us.zoom.xos" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = BJ4HAAB9B3',
    requirementSource:
      'found_in_public_profile (royklo/macPPPC; VMware euc-samples README lists us.zoom.xos with team BJ4HAAB9B3)',
    verification: 'verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: 'remote control', source: 'Zoom KB0064868'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Zoom KB0064868 + Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [
      'Microphone: user prompt only (PPPC can only deny) (Zoom KB0064868 + Apple rule)',
      'Camera: user prompt only (PPPC can only deny) (Zoom KB0064868 + Apple rule)',
    ],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/zoom.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
      'github:vmware-samples/euc-samples macOS-Samples/Privacy Preferences Policy Control/README.md',
      'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0064868',
      'https://support.kandji.io/support/solutions/articles/72000560493 (codesign -dr - /Applications/zoom.us.app example)',
    ],
  },
  {
    key: 'anydesk',
    name: 'AnyDesk',
    vendor: 'AnyDesk Software GmbH (formerly philandro Software GmbH)',
    aliases: [],
    bundleId: 'com.philandro.anydesk',
    bundleRole: 'main app',
    teamId: 'KHRWM533LU',
    codeRequirement:
      'identifier "com.philandro.anydesk" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = KHRWM533LU',
    requirementSource:
      'derived_from_team_id_template (unverified) — the only public string found (royklo/macPPPC) still uses old team KU6W3B6JMZ and is likely stale',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
      {service: 'SystemPolicyAllFiles', authorization: 'Allow', purpose: '', source: 'community — unverified'},
    ],
    relatedBundleIds: [],
    notes: [
      'A public requirement with an older Team ID exists and is likely stale: identifier "com.philandro.anydesk" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = KU6W3B6JMZ',
      'Validate on device: a code requirement with the wrong Team ID silently never matches.',
    ],
    sources: [
      'github:Installomator/Installomator fragments/labels/anydesk.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID (history: KU6W3B6JMZ → KHRWM533LU)',
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
    ],
  },
  {
    key: 'connectwise-screenconnect',
    name: 'ConnectWise ScreenConnect Client',
    vendor: 'ConnectWise, LLC',
    aliases: ['screenconnect', 'connectwise'],
    bundleId: 'com.screenconnect.client.access',
    bundleRole: 'unattended access client',
    teamId: 'K8M3XDZV9Y',
    codeRequirement:
      'identifier "com.screenconnect.client.access" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = "K8M3XDZV9Y"',
    requirementSource: 'found_in_public_profile (single public deployment script/mobileconfig; repo not identified)',
    verification: 'unverified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'public profile + helpdocsite'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'helpdocsite says Screen Recording needed; Apple rule',
      },
      {
        service: 'AppleEvents',
        authorization: 'Allow',
        purpose: '',
        source: 'public profile — unverified need; the receiving app is not documented',
        optional: true,
      },
    ],
    relatedBundleIds: [{id: 'com.screenconnect.client', role: 'attended/support session client'}],
    notes: [
      'ScreenConnect clients are often installed under instance-specific names (connectwisecontrol-<hash>); bundle ID may vary by instance — verify with codesign on the real client.',
    ],
    sources: [
      'find_string hit id 6594296191 (public mobileconfig)',
      'https://checkin.helpdocsite.com (ScreenConnect mac permissions article)',
    ],
  },
  {
    key: 'logmein-rescue',
    name: 'LogMeIn Rescue (customer applet)',
    vendor: 'GoTo (formerly LogMeIn)',
    aliases: ['rescue'],
    bundleId: 'com.logmein.rescue',
    bundleRole: 'customer applet',
    teamId: 'GFNFVT632V',
    codeRequirement:
      'anchor apple generic and identifier "com.logmein.rescue" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = GFNFVT632V)',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json only)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community — unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: ['Team ID GFNFVT632V corroborated by Installomator gotomeeting label; bundle ID from one source.'],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/gotomeeting.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'goto-assist-customer',
    name: 'GoToAssist Customer',
    vendor: 'GoTo (formerly LogMeIn)',
    aliases: ['goto-assist'],
    bundleId: 'com.logmein.g2ax.customer',
    bundleRole: 'customer app',
    teamId: 'GFNFVT632V',
    codeRequirement:
      'anchor apple generic and identifier "com.logmein.g2ax.customer" and (certificate leaf[field.1.2.840.113635.100.6.1.9] /* exists */ or certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = GFNFVT632V)',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json only)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community — unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/gotomeeting.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'chrome-remote-desktop',
    name: 'Chrome Remote Desktop host',
    vendor: 'Google LLC',
    aliases: ['crd'],
    bundleId: 'com.google.chromeremotedesktop.me2me-host',
    bundleRole: 'remote access host',
    teamId: 'EQHXZ8M8AV',
    codeRequirement:
      'identifier "com.google.chromeremotedesktop.me2me-host" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = EQHXZ8M8AV',
    requirementSource:
      "found_in_public_profile (official Kandji repo kandji-inc/support 'Configuration Profiles/ChromeRemoteDesktop-PPPC.mobileconfig')",
    verification: 'verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'Kandji official profile'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Kandji official profile',
      },
    ],
    relatedBundleIds: [
      {id: 'com.google.chrome.remote_desktop.remote-assistance-host-v2', role: 'remote support (assistance) host'},
    ],
    notes: [],
    sources: [
      'github:kandji-inc/support Configuration Profiles/ChromeRemoteDesktop-PPPC.mobileconfig (commit 68945abe72d2ecdeff73fa7b53ce536504218b49)',
      'github:Installomator/Installomator fragments/labels/chromeremotedesktop.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'microsoft-remote-help',
    name: 'Microsoft Remote Help',
    vendor: 'Microsoft Corporation',
    aliases: ['remote-help'],
    bundleId: 'com.microsoft.remotehelp',
    bundleRole: 'main app',
    teamId: 'UBF8T346G9',
    codeRequirement:
      'identifier "com.microsoft.remotehelp" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = UBF8T346G9',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/microsoftremotehelp.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'ninjaone-remote',
    name: 'NinjaOne Remote (ncstreamer)',
    vendor: 'NinjaOne LLC',
    aliases: ['ninjaone'],
    bundleId: 'com.ninjarmm.ncstreamer',
    bundleRole: 'remote streamer',
    teamId: 'EBNT3ZX97E',
    codeRequirement:
      'identifier "com.ninjarmm.ncstreamer" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = EBNT3ZX97E',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json only)',
    verification: 'unverified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community — unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
    ],
  },
  {
    key: 'rustdesk',
    name: 'RustDesk',
    vendor: 'Purslane Ltd. (RustDesk)',
    aliases: [],
    bundleId: 'com.carriez.rustdesk',
    bundleRole: 'main app',
    teamId: 'HZF9JMC8YN',
    codeRequirement:
      'identifier "com.carriez.rustdesk" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = HZF9JMC8YN',
    requirementSource: 'found_in_public_profile (royklo/macPPPC known-apps.json)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/rustdesk.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'nomachine',
    name: 'NoMachine',
    vendor: 'NoMachine S.à r.l.',
    aliases: [],
    bundleId: 'com.nomachine.nxdock',
    bundleRole: 'dock/app component',
    teamId: '493C5JZAGR',
    codeRequirement:
      'identifier "com.nomachine.nxdock" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = "493C5JZAGR"',
    requirementSource:
      'found_in_public_profile (royklo/macPPPC known-apps.json; note the quoted OU because the team ID starts with a digit)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community — unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: ['NoMachine server uses several binaries (nxnode, nxserver) that may need path-based entries — unverified.'],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/nomachine.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'realvnc-server',
    name: 'RealVNC Server',
    vendor: 'RealVNC Ltd',
    aliases: ['realvnc', 'vnc-server'],
    bundleId: 'com.realvnc.vncserver_service',
    bundleRole: 'server service',
    teamId: 'ZNCQ8JEH7X',
    codeRequirement: 'identifier "com.realvnc.vncserver_service" and anchor apple generic',
    requirementSource:
      'found_in_public_profile (royklo/macPPPC known-apps.json) — weak requirement (no Team ID pin); a stronger form would be the Developer ID template with ZNCQ8JEH7X (unverified)',
    verification: 'partially_verified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'community — unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [],
    sources: [
      'github:royklo/macPPPC public/library/known-apps.json (commit 87adeab70f91af633330aa98e709b2e91f962bc4) — community list harvested with `codesign --display -r -` (scripts/harvest-known-apps.sh)',
      'github:Installomator/Installomator fragments/labels/realvncserver.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
  {
    key: 'jump-desktop-connect',
    name: 'Jump Desktop Connect',
    vendor: 'Phase Five Systems',
    aliases: ['jump-desktop'],
    bundleId: 'com.p5sys.jump.connect',
    bundleRole: 'host (Connect)',
    teamId: '2HCKV38EEC',
    codeRequirement:
      'identifier "com.p5sys.jump.connect" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = 2HCKV38EEC',
    requirementSource: 'derived_from_team_id_template (unverified)',
    verification: 'unverified',
    grants: [
      {service: 'Accessibility', authorization: 'Allow', purpose: '', source: 'unverified'},
      {
        service: 'ScreenCapture',
        authorization: 'AllowStandardUserToSetSystemService',
        purpose: '',
        source: 'Apple rule',
      },
    ],
    relatedBundleIds: [],
    notes: [
      'Bundle ID seen in tccd log gist (luckman212/cb545b2ae1492f13f841a134da58febc); team ID from Installomator jumpdesktop label (viewer app, same developer).',
    ],
    sources: [
      'https://gist.github.com/luckman212/cb545b2ae1492f13f841a134da58febc',
      'github:Installomator/Installomator fragments/labels/jumpdesktop.sh (commit 71741a856ca9b1c25a805e1252e2458da5a00b1a) expectedTeamID',
    ],
  },
]
