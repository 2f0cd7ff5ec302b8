#!/usr/bin/env python3
"""readcheck.py REF TEST < PATHS -- read each path (relative) under the
reference mount REF and under TEST (a mount whose database was damaged,
removed or locked) and count the outcomes: "same" bytes, "eio" (EIO from
TEST), "other" (any other error or different bytes: never allowed).
Prints one JSON object with the counts, the time taken, and up to five
examples of "other".
"""
import errno
import json
import os
import sys
import time

ref, test = sys.argv[1], sys.argv[2]
out = {"same": 0, "eio": 0, "other": 0, "examples": []}
t0 = time.time()
for line in sys.stdin:
    p = line.rstrip("\n")
    if not p:
        continue
    try:
        with open(os.path.join(ref, p), "rb") as f:
            want = f.read()
    except OSError:
        continue
    try:
        with open(os.path.join(test, p), "rb") as f:
            got = f.read()
        if got == want:
            out["same"] += 1
        else:
            out["other"] += 1
            out["examples"].append("%s: %d bytes, want %d" % (p, len(got), len(want)))
    except OSError as e:
        if e.errno == errno.EIO:
            out["eio"] += 1
        else:
            out["other"] += 1
            out["examples"].append("%s: %s" % (p, errno.errorcode.get(e.errno, e.errno)))
out["seconds"] = round(time.time() - t0, 2)
out["examples"] = out["examples"][:5]
print(json.dumps(out))
