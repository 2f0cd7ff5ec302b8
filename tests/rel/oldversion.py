"""oldversion.py -- a file read across a commit reads one version.

usage: oldversion.py FILE CMD...

Reads FILE whole (the old version), opens it again and reads its first
4 KiB, runs CMD (a govctl commit that changes FILE), waits for the mount
to show the change, drops the open file's cached pages (so the rest must
come from govfs, not the kernel), and reads the rest.  Prints one JSON
line; exits 1 unless the open file gave exactly the old version, with no
links left, and a new open gives a different version under the same
inode number.
"""
import json
import os
import subprocess
import sys
import time


def slurp(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    path, cmd = sys.argv[1], sys.argv[2:]
    old = slurp(path)
    fd = os.open(path, os.O_RDONLY)
    st0 = os.fstat(fd)
    head = os.read(fd, 4096)
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
        "old_bytes": len(old), "new_bytes": len(new),
        "open_read_is_old": head + rest == old,
        "changed": new != old, "seconds": round(waited, 2),
        "old_links_after": st1.st_nlink, "new_links": stn.st_nlink,
        "same_inode": st0.st_ino == stn.st_ino,
    }
    print(json.dumps(res))
    ok = (res["open_read_is_old"] and res["changed"] and
          res["old_links_after"] == 0 and res["new_links"] == 1 and
          res["same_inode"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
