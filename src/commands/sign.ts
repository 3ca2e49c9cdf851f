import {readFile} from 'node:fs/promises'
import {basename, dirname, extname, join} from 'node:path'
import {string as stringArg} from '@oclif/core/args'
import {boolean, string} from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {readProfileFile} from '../cli/profile-file.js'
import {PppcError} from '../errors.js'

interface SignCommandResult {
  input: string
  output: string
  bytes: number
  signer: {subject: string; issuer: string; notBefore: string; notAfter: string}
  chain: string[]
  digest: 'SHA-256'
  signingTime: string
  verified: true
  warnings: string[]
}

const DEFAULT_PASSWORD_ENV = 'PPPC_P12_PASSWORD'

export default class Sign extends BaseCommand {
  static override summary = 'Sign a profile (CMS, SHA-256) with a certificate and key from a .p12 file.'

  static override description = `Writes the profile wrapped in CMS SignedData (DER, content attached), with signed attributes (content type, message digest, signing time) and the certificate chain from the .p12, as Apple Configurator and \`security cms -S\` do; then reads it back as \`pppc validate\` does and checks the signature.

The .p12 password comes from the environment variable ${DEFAULT_PASSWORD_ENV} (or the one --password-env names), never from the command line, and is never printed. Keychain Access exports (3DES/RC2) and OpenSSL 3 exports (AES) are both read.

Jamf Pro and Kandji take PPPC profiles unsigned; the README (pppc sign › When to sign) says when a signed file helps and what each vendor is known to do with one.`

  static override examples = [
    'PPPC_P12_PASSWORD=… <%= config.bin %> sign beyondtrust.mobileconfig --identity signing.p12',
    '<%= config.bin %> sign beyondtrust.mobileconfig --identity signing.p12 -o signed/beyondtrust.mobileconfig --force',
    'MY_P12_PASS=… <%= config.bin %> sign profile.mobileconfig --identity id.p12 --password-env MY_P12_PASS --json',
  ]

  static override args = {file: stringArg({description: 'The unsigned profile.', required: true})}

  static override flags = {
    identity: string({summary: 'The .p12 with the signing certificate, its private key and chain.', required: true}),
    'password-env': string({
      summary: `Environment variable holding the .p12 password (default ${DEFAULT_PASSWORD_ENV}).`,
      default: DEFAULT_PASSWORD_ENV,
    }),
    output: string({
      char: 'o',
      summary: 'Where to write the signed profile (default: NAME.signed.mobileconfig beside it).',
    }),
    force: boolean({summary: 'Replace --output if it exists.'}),
  }

  async run(): Promise<SignCommandResult> {
    const {args, flags} = await this.parse(Sign)
    const variable = flags['password-env']
    const password = process.env[variable]
    if (password === undefined)
      throw new PppcError(`${variable} is not set`, {
        hint: `put the password of ${flags.identity} in the environment variable ${variable}; pppc never takes it on the command line`,
      })
    const {bytes, document} = await readProfileFile(args.file)
    if (document.signature)
      throw new PppcError(`${args.file} is already signed (by ${document.signature.subject})`, {
        hint: 'sign the unsigned original',
      })
    const p12 = await readFile(flags.identity).catch((error: NodeJS.ErrnoException) => {
      throw new PppcError(`cannot read --identity ${flags.identity} (${error.code ?? error.message})`)
    })
    const {readPkcs12} = await import('../profiles/pkcs12.js')
    const {signProfile} = await import('../profiles/sign.js')
    const identity = readPkcs12(p12, password, flags.identity)
    const signed = await signProfile(bytes, identity)

    const {validateDocument} = await import('../profiles/validate.js')
    const errors = validateDocument(document).filter((f) => f.severity === 'error')
    const warnings = [...signed.warnings]
    if (errors.length > 0)
      warnings.push(
        `pppc validate finds ${errors.length} error${errors.length === 1 ? '' : 's'} in ${args.file} (${[...new Set(errors.map((f) => f.rule))].join(', ')}); signing does not fix them`,
      )

    const target =
      flags.output ?? join(dirname(args.file), `${basename(args.file, extname(args.file))}.signed.mobileconfig`)
    const {writeFileAtomic} = await import('../util/atomic-write.js')
    const output = await writeFileAtomic(target, signed.der, {force: flags.force})
    this.log(`Wrote ${target} (${signed.der.length} bytes), signed by ${signed.signer.subject}`)
    for (const warning of warnings) this.say(`warning: ${warning}`)
    return {
      input: args.file,
      output,
      bytes: signed.der.length,
      signer: signed.signer,
      chain: signed.chain,
      digest: signed.digest,
      signingTime: signed.signingTime,
      verified: true,
      warnings,
    }
  }
}
