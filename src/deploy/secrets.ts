/** What every secret is shown as. */
export const REDACTED = '[redacted]'

/** Secrets shorter than this are never echoed by construction, but are not searched for: "a" would garble every line. */
const MIN_SEARCHED = 4

/**
 * The secrets of one push (credentials from the environment, tokens the server hands out) and every spelling of them
 * that can reach text: as given, URL-encoded, form-encoded, and inside a Basic header. Anything printed, thrown or
 * returned as JSON goes through `redact` first, including text the server sent back.
 */
export class Secrets {
  private readonly values = new Set<string>()

  add(...secrets: (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SEARCHED) continue
      this.values.add(secret)
      this.values.add(encodeURIComponent(secret))
      this.values.add(new URLSearchParams({s: secret}).toString().slice(2))
      this.values.add(JSON.stringify(secret).slice(1, -1))
    }
  }

  /** A user:password pair: the pair's Basic encoding is a secret too. */
  addBasic(user: string, password: string): string {
    const encoded = Buffer.from(`${user}:${password}`).toString('base64')
    this.add(password, encoded)
    return encoded
  }

  redact(text: string): string {
    let out = text
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED)
    // Whatever follows these words is a credential even when we did not know it (a token the server echoes back).
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
  }
}
