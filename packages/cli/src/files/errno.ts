/**
 * The words of a system error: what a user reads instead of `ELOOP: too many symbolic links
 * encountered, stat '…'` or `EBUSY`, everywhere the command line reports a file it could not read or
 * write.
 *
 * @module
 */

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: "it does not exist",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  ELOOP: "too many levels of symbolic links",
  EBUSY: "it is busy (in use, or a mount point)",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  EROFS: "the file system is read-only",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open",
  EFBIG: "the file is too large",
  EIO: "an input/output error",
  EXDEV: "it is on another device",
  ETXTBSY: "it is a program being run",
  EINVAL: "the system refused the operation (invalid argument)",
  EAGAIN: "it is not ready (try again)",
  ENXIO: "no device or reader is there",
  ENODEV: "no such device",
  ENOTEMPTY: "the folder is not empty",
};

/** Why an operation on a file failed, in words: the code's words, else the system's own description without the code. */
export function errnoWords(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === "string" && WORDS[e.code] !== undefined) return WORDS[e.code];
  const message = typeof e?.message === "string" ? e.message : String(error);
  // "ECODE: description, syscall 'path'" → "description".
  return message.replace(/^[A-Z0-9_]+: /, "").replace(/, \w+ '.*$/s, "").trim() || "an unknown error";
}
