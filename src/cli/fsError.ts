/**
 * Why a file-system operation failed, for the CLI's messages: the errno code
 * and its meaning (`ENOENT: no such file or directory`), never the stack or
 * the full system message.
 */

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  EAGAIN: 'resource temporarily unavailable',
  EBADF: 'bad file descriptor',
  ENXIO: 'no such device or address (a named pipe without a reader?)',
  EFBIG: 'file too large',
  EDQUOT: 'disk quota exceeded',
}

/** `CODE: meaning` for a Node.js system error, the bare code when its meaning is not known, else `unknown error`. */
export const whyFailed = (e: unknown): string => {
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E[A-Z0-9]{1,31}$/.test(e.code) ? e.code : undefined
  if (code === undefined) return 'unknown error'
  const reason = Object.prototype.hasOwnProperty.call(reasons, code) ? reasons[code] : undefined
  return reason === undefined ? code : `${code}: ${reason}`
}
