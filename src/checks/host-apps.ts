/**
 * The apps pppc is usually run from, by the bundle ID macOS gives their child processes (__CFBundleIdentifier) or
 * the TERM_PROGRAM they set. TCC asks Full Disk Access of this app, not of pppc or node.
 */
export const HOST_APPS: Readonly<Record<string, string>> = {
  'com.apple.Terminal': 'Terminal',
  Apple_Terminal: 'Terminal',
  'com.googlecode.iterm2': 'iTerm',
  'iTerm.app': 'iTerm',
  'com.microsoft.VSCode': 'Visual Studio Code',
  vscode: 'Visual Studio Code',
  'dev.warp.Warp-Stable': 'Warp',
  WarpTerminal: 'Warp',
  'com.github.wez.wezterm': 'WezTerm',
}

export function hostAppName(hostApp: string | null): string {
  if (!hostApp) return 'the app pppc runs in (Terminal, iTerm, or the MDM agent)'
  return HOST_APPS[hostApp] ?? hostApp
}
