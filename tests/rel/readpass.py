#!/usr/bin/env python3
"""readpass.py PASSES < FILES -- read every file PASSES times, dropping
its pages from the kernel's page cache first (posix_fadvise DONTNEED), so
that every read is a READ request to the daemon.  Prints reads, bytes and
errors as JSON; exits 1 on any error."""
import json
import os
import sys
import time

passes = int(sys.argv[1])
files = [l.rstrip("\n") for l in sys.stdin if l.strip()]
reads = nbytes = errors = 0
t0 = time.time()
for _ in range(passes):
    for p in files:
        try:
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                while True:
                    b = os.read(fd, 65536)
                    if not b:
                        break
                    nbytes += len(b)
            finally:
                os.close(fd)
            reads += 1
        except OSError as e:
            errors += 1
            print("%s: %s" % (p, e), file=sys.stderr)
print(json.dumps({"reads": reads, "bytes": nbytes, "errors": errors,
                  "seconds": round(time.time() - t0, 2)}))
sys.exit(1 if errors else 0)
