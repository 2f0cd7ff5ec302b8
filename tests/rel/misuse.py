#!/usr/bin/env python3
"""misuse.py MNT -- the mount under misuse.  Prints "ok - ..." or
"not ok - ..." per case (tests/t_reliability.sh counts them).

Every system call that would change the tree must fail with EROFS (a
write needs a descriptor open for writing, which open refuses with EROFS;
on a read-only descriptor the kernel answers EBADF itself).  Lookups of
odd names and search queries full of FTS5 syntax get an answer (a listing
or ENOENT / ENAMETOOLONG), never a crash: the mount answers afterwards.
"""
import errno
import os
import sys

M = sys.argv[1]
results = []


def report(ok, desc, extra=""):
    print(("ok - " if ok else "not ok - ") + desc + ((": " + extra) if extra and not ok else ""))
    sys.stdout.flush()


def expect_err(desc, want, fn):
    """fn() must raise OSError with errno in want (a tuple)."""
    try:
        r = fn()
        if isinstance(r, int) and r > 2:
            os.close(r)
        report(False, desc, "succeeded")
    except OSError as e:
        report(e.errno in want, desc,
               "got %s, want %s" % (errno.errorcode.get(e.errno, e.errno),
                                    "/".join(errno.errorcode[w] for w in want)))


EROFS = (errno.EROFS,)
act = os.path.join(M, "actions")
aid = sorted(n for n in os.listdir(act) if n.isdigit())[0]
D = os.path.join(act, aid)                      # a folder
F = os.path.join(D, "action.txt")               # a file
L = os.path.join(D, "item")                     # a symlink (if any)
if not os.path.islink(L):
    L = os.path.join(M, "meetings", sorted(os.listdir(os.path.join(M, "meetings")))[0])
NEW = os.path.join(D, "new-file")

# ---- every write system call: EROFS -----------------------------------------
for name, flags in [("O_WRONLY", os.O_WRONLY), ("O_RDWR", os.O_RDWR),
                    ("O_WRONLY|O_APPEND", os.O_WRONLY | os.O_APPEND),
                    ("O_RDONLY|O_TRUNC", os.O_RDONLY | os.O_TRUNC),
                    ("O_WRONLY|O_TRUNC", os.O_WRONLY | os.O_TRUNC),
                    ("O_CREAT|O_EXCL (existing)", os.O_RDWR | os.O_CREAT | os.O_EXCL)]:
    want = (errno.EROFS, errno.EEXIST) if "EXCL" in name else EROFS
    expect_err("open %s of a file" % name, want, lambda f=flags: os.open(F, f, 0o644))
expect_err("open O_CREAT of a new file", EROFS,
           lambda: os.open(NEW, os.O_WRONLY | os.O_CREAT, 0o644))
expect_err("open O_CREAT|O_EXCL of a new file", EROFS,
           lambda: os.open(NEW, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644))
expect_err("open O_WRONLY of a folder", (errno.EISDIR, errno.EROFS), lambda: os.open(D, os.O_WRONLY))
expect_err("creat() in the root", EROFS, lambda: os.open(os.path.join(M, "x"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
fd = os.open(F, os.O_RDONLY)
expect_err("write on a read-only descriptor", (errno.EBADF,), lambda: os.write(fd, b"x"))
expect_err("pwrite on a read-only descriptor", (errno.EBADF,), lambda: os.pwrite(fd, b"x", 0))
expect_err("ftruncate on a read-only descriptor", (errno.EBADF, errno.EINVAL, errno.EROFS), lambda: os.ftruncate(fd, 0))
expect_err("fallocate on a read-only descriptor", (errno.EBADF, errno.EROFS),
           lambda: os.posix_fallocate(fd, 0, 4096))
os.close(fd)
expect_err("truncate to 0", EROFS, lambda: os.truncate(F, 0))
expect_err("truncate to 1 MiB", EROFS, lambda: os.truncate(F, 1 << 20))
expect_err("mkdir", EROFS, lambda: os.mkdir(os.path.join(D, "x")))
expect_err("mkdir in the root", EROFS, lambda: os.mkdir(os.path.join(M, "boards2")))
expect_err("mkdir of an existing name", (errno.EEXIST, errno.EROFS), lambda: os.mkdir(D))
expect_err("rmdir of a folder", EROFS, lambda: os.rmdir(D))
expect_err("rmdir of search/", EROFS, lambda: os.rmdir(os.path.join(M, "search")))
expect_err("unlink of a file", EROFS, lambda: os.unlink(F))
expect_err("unlink of a symlink", EROFS, lambda: os.unlink(L))
expect_err("unlink of README", EROFS, lambda: os.unlink(os.path.join(M, "README")))
expect_err("rename of a file", EROFS, lambda: os.rename(F, os.path.join(D, "moved.txt")))
expect_err("rename of a folder", EROFS, lambda: os.rename(D, os.path.join(act, "999999")))
expect_err("rename over a file", EROFS, lambda: os.rename(F, os.path.join(D, "history.txt")))
expect_err("symlink", EROFS, lambda: os.symlink("action.txt", os.path.join(D, "l")))
expect_err("link", EROFS, lambda: os.link(F, os.path.join(D, "h")))
expect_err("mknod of a fifo", EROFS, lambda: os.mkfifo(os.path.join(D, "fifo")))
expect_err("chmod of a file", EROFS, lambda: os.chmod(F, 0o666))
expect_err("chmod of a folder", EROFS, lambda: os.chmod(D, 0o777))
expect_err("chown of a file", EROFS, lambda: os.chown(F, 65534, 65534))
expect_err("lchown of a symlink", EROFS, lambda: os.lchown(L, 65534, 65534))
expect_err("utimes now (touch)", EROFS, lambda: os.utime(F, None))
expect_err("utimes to 1970", EROFS, lambda: os.utime(F, (0, 0)))
for ns in ("user.x", "trusted.x", "security.x"):
    expect_err("setxattr %s" % ns, EROFS + (errno.EPERM, errno.ENOTSUP),
               lambda n=ns: os.setxattr(F, n, b"1"))
expect_err("removexattr", EROFS + (errno.ENOTSUP, errno.ENODATA), lambda: os.removexattr(F, "user.x"))
expect_err("setxattr of a folder", EROFS, lambda: os.setxattr(D, "user.x", b"1"))

# ---- lookups of odd names ------------------------------------------------------
report(os.stat(os.path.join(M, "boards", "..")).st_ino == os.stat(M).st_ino,
       "boards/.. is the root")
report(os.stat(os.path.join(D, "..")).st_ino == os.stat(act).st_ino,
       "actions/ID/.. is actions/")
report(os.stat(os.path.join(M, "..")).st_ino == os.stat(os.path.join(M, os.pardir)).st_ino,
       "the root's .. is answered")
report(os.stat(os.path.join(M, "search", "..")).st_ino == os.stat(M).st_ino,
       "search/.. is the root, not a query")
for where in ("", "boards", "actions", "search", "people", "plans"):
    base = os.path.join(M, where)
    expect_err("a 300-byte name in /%s" % where, (errno.ENAMETOOLONG,),
               lambda b=base: os.stat(os.path.join(b, "a" * 300)))
    expect_err("a 256-byte name in /%s" % where, (errno.ENAMETOOLONG,),
               lambda b=base: os.stat(os.path.join(b, "b" * 256)))
expect_err("a 255-byte name in /boards", (errno.ENOENT,),
           lambda: os.stat(os.path.join(M, "boards", "c" * 255)))
for bad in ["a\x01b", "line\nbreak", "tab\there", "esc\x1b[31m", "del\x7f",
            "\udcff\udcfe", ".hidden", "...", "-dash", " ", "UPPER"]:
    expect_err("lookup of %r in boards/" % bad, (errno.ENOENT,),
               lambda b=bad: os.stat(os.path.join(M, "boards", b)))
    expect_err("lookup of %r in actions/" % bad, (errno.ENOENT,),
               lambda b=bad: os.stat(os.path.join(act, b)))

# ---- search queries ---------------------------------------------------------------
queries = ['"', '""', '"unterminated', '*', 'foster*', '(', ')', '(a OR', 'NEAR',
           'NEAR(foster carers, 2)', 'foster NEAR carers', ':', 'title:foster',
           'minutes : budget', '^', '^foster', 'AND', 'OR', 'NOT', 'foster NOT budget',
           '-foster', '+', '{title minutes}: foster', "'", "x' OR '1'='1",
           "'); DROP TABLE item; --", '\\', '%', '_', ';', '.', '...',
           'a\x01b', 'new\nline', 'esc\x1b[0m', '\x7f', '\udcff\udcfe',
           'é' * 127, 'a' * 255, ('foster carers budget ' * 13)[:255],
           '"' * 255, '*' * 255, '(' * 255, 'NEAR ' * 51, ':' * 255, '^' * 255,
           'foster', 'MASH', 'children', ' \t ']
answered = 0
for q in queries:
    p = os.path.join(M, "search", q)
    try:
        names = os.listdir(p)
        good = all(len(n.encode("utf-8", "surrogateescape")) <= 255 for n in names)
        for n in names[:3]:
            t = os.readlink(os.path.join(p, n))
            good = good and os.path.isdir(os.path.join(p, t))
        report(good, "search/%r answered (%d results)" % (q[:30], len(names)))
        answered += 1
    except OSError as e:
        report(e.errno in (errno.ENOENT,), "search/%r answered" % q[:30],
               "got %s" % errno.errorcode.get(e.errno, e.errno))
expect_err("a 256-byte query", (errno.ENAMETOOLONG,),
           lambda: os.listdir(os.path.join(M, "search", "q" * 256)))
expect_err("a blank query", (errno.ENOENT,),
           lambda: os.listdir(os.path.join(M, "search", "   ")))
report(len(os.listdir(os.path.join(M, "search", "foster"))) > 0,
       "search/foster finds items after the odd queries")
report("README" in os.listdir(M) and os.path.getsize(os.path.join(M, "README")) > 0,
       "the mount still answers")
