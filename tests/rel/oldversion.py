"""oldversion.py -- a file read across a commit reads one version.

usage: oldversion.py [--evict DIR] FILE CMD...

Reads FILE whole (the old version), opens it again and reads its first
4 KiB; with --evict, waits out the daemon's hold on a file read part of
the way and reads every other file under DIR (the mount) from govfs, more
than its render cache holds, so that FILE's bytes are no longer there;
runs CMD (a govctl commit that changes FILE), waits for the mount to show
the change, drops the open file's cached pages (so the rest must come
from govfs, not the kernel), and reads the rest.  Prints one JSON line;
exits 1 unless the open file gave exactly the old version, with no links
left, and a new open gives a different version under the same inode
number.  (With --evict the link count is not checked: the listings read
may have given FILE's name the same version under another node before
the commit, and then the old node is no longer under the name.)
"""
import json
import os
import subprocess
import sys
import time


def slurp(path):
    with open(path, "rb") as f:
        return f.read()


def evict(top, keep):
    """Read every file under top but keep (not search/, no symlinks) from
    the daemon, not the page cache."""
    n = 0
    for d, dirs, files in os.walk(top):
        if d == top and "search" in dirs:
            dirs.remove("search")
        for name in files:
            p = os.path.join(d, name)
            if p == keep or os.path.islink(p):
                continue
            fd = os.open(p, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            while True:
                chunk = os.read(fd, 1 << 20)
                n += len(chunk)
                if not chunk:
                    break
            os.close(fd)
    return n


def main():
    args = sys.argv[1:]
    top = None
    if args[:1] == ["--evict"]:
        top, args = args[1], args[2:]
    path, cmd = args[0], args[1:]
    old = slurp(path)
    fd = os.open(path, os.O_RDONLY)
    st0 = os.fstat(fd)
    head = os.read(fd, 4096)
    evicted = 0
    if top:
        time.sleep(2.5)     # GFS_PIN_MS
        evicted = evict(top, path)
    if subprocess.call(cmd, stdout=subprocess.DEVNULL) != 0:
        print(json.dumps({"error": "the commit failed"}))
        return 1
    new, waited = old, 0.0
    while new == old and waited < 5:
        time.sleep(0.05)
        waited += 0.05
        new = slurp(path)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    rest = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        rest += chunk
    st1 = os.fstat(fd)
    os.close(fd)
    stn = os.stat(path)
    res = {
        "old_bytes": len(old), "new_bytes": len(new), "evicted": evicted,
        "open_read_is_old": head + rest == old,
        "changed": new != old, "seconds": round(waited, 2),
        "old_links_after": st1.st_nlink, "new_links": stn.st_nlink,
        "same_inode": st0.st_ino == stn.st_ino,
    }
    print(json.dumps(res))
    ok = (res["open_read_is_old"] and res["changed"] and
          (top or res["old_links_after"] == 0) and res["new_links"] == 1 and
          res["same_inode"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
