import type {FileRead} from './mac.js'

/** Why a file could not be read, from the error Node gave. */
export function fileError(path: string, error: NodeJS.ErrnoException): FileRead {
  if (error.code === 'ENOENT') return {status: 'missing', message: `${path} does not exist`}
  // TCC answers EPERM ("Operation not permitted") when the process lacks Full Disk Access; EACCES is plain permissions.
  if (error.code === 'EPERM' || error.code === 'EACCES')
    return {
      status: 'denied',
      message: `${path}: ${error.code === 'EPERM' ? 'operation not permitted' : 'permission denied'}`,
    }
  return {status: 'failed', message: `${path}: ${error.code ?? error.message}`}
}
