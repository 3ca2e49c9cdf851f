// A loopback Jamf Pro and Kandji holding a made-up fleet of N Macs (test/helpers/fleet.ts), for the fleet benchmark:
//   vite-node test/helpers/serve-fleet.ts -- N
// prints its URL on the first line, then serves until its standard input closes (the benchmark ends it that way).
// Client credentials: pppc-bench / pppc-bench-secret (Jamf Pro), token pppc-bench-token (Kandji).
import {madeUpMac} from './fleet.js'
import {MdmServer} from './mdm-server.js'

const count = Number(process.argv.at(-1))
if (!Number.isInteger(count) || count < 0) throw new Error('usage: serve-fleet.ts N')
const server = new MdmServer()
await server.start()
server.jamf.clients.set('pppc-bench', 'pppc-bench-secret')
server.kandji.token = 'pppc-bench-token'
server.fleet.count = count
server.fleet.mac = madeUpMac
server.fleet.attribute = 'pppc fleet: beyondtrust-rs-customer-client'
server.fleet.scriptId = '5e1f0000-0000-4000-8000-00000000beef'
server.kandji.scripts.push({
  id: server.fleet.scriptId,
  name: 'pppc fleet: beyondtrust-rs-customer-client',
  active: true,
  execution_frequency: 'every_day',
  restart: false,
  script: '#!/bin/sh',
  remediation_script: '',
  show_in_self_service: false,
})
// The server keeps what it saw; a benchmark of 100,000 Macs does not need it.
const forget = setInterval(() => (server.requests.length = 0), 1000)
process.stdout.write(`${server.url}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  clearInterval(forget)
  void server.stop().then(() => process.exit(0))
})
