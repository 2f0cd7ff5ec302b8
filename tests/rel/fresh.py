#!/usr/bin/env python3
"""fresh.py -- the freshness checker of the concurrency tests.

Follows the writer's log (one line per commit, written after govctl
returned):

    EPOCH action ID N      action ID now has owner "writer-N"
    EPOCH item PATH        the item PATH (relative to the mount) was added

and reads the mount in a loop until the stop file appears:

  * action.txt of every action in the log: the owner it shows must never
    be older than the last commit made more than LIMIT seconds before the
    read started (stale content after LIMIT is a violation); action.json
    must parse and agree with the action's id;
  * every added item: once LIMIT seconds have passed since its commit,
    its folder must exist and be listed by its parent (the writer looked
    the path up before the commit, so the kernel held a negative entry).

Prints one JSON object: reads, commits seen, latencies (commit to first
read showing it), and the violations (which must be none).
"""
import json
import os
import re
import sys
import time


def main():
    mnt, log, stop, limit = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    owner_re = re.compile(r"^Owner: writer-(\d+)$", re.M)
    commits = {}        # action id -> list of (time, n), in order
    pending = {}        # action id -> list of (time, n) not yet seen
    items = []          # [time, path, seen_latency or None]
    lat = []
    violations = []
    reads = 0
    pos = 0
    buf = ""
    stopping = False
    while True:
        if os.path.exists(stop):
            stopping = True
        try:
            with open(log) as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
        except FileNotFoundError:
            chunk = ""
        buf += chunk
        while "\n" in buf:
            line, buf = buf.split("\n", 1)
            p = line.split(" ", 2)
            if len(p) < 3:
                continue
            t = float(p[0].replace(",", "."))
            if p[1] == "action":
                aid, n = p[2].split()
                commits.setdefault(aid, []).append((t, int(n)))
                pending.setdefault(aid, []).append((t, int(n)))
            elif p[1] == "item":
                items.append([t, p[2], None])
        for aid, cl in commits.items():
            d = os.path.join(mnt, "actions", "%06d" % int(aid))
            t0 = time.time()
            try:
                with open(os.path.join(d, "action.txt")) as f:
                    txt = f.read()
                with open(os.path.join(d, "action.json")) as f:
                    js = json.load(f)
            except (OSError, ValueError) as e:
                violations.append("action %s: read failed: %r" % (aid, e))
                continue
            t1 = time.time()
            reads += 2
            m = owner_re.search(txt)
            seen = int(m.group(1)) if m else 0
            if int(js.get("id", -1)) != int(aid):
                violations.append("action %s: action.json has id %r" % (aid, js.get("id")))
            need = 0
            for t, n in cl:
                if t <= t0 - limit:
                    need = n
            if seen < need:
                violations.append("action %s: read at +%.3fs after commit %d shows "
                                  "writer-%d" % (aid, t0 - [t for t, n in cl if n == need][0],
                                                 need, seen))
            still = []
            for t, n in pending[aid]:
                if seen >= n:
                    lat.append(t1 - t)
                else:
                    still.append((t, n))
            pending[aid] = still
        for it in items:
            if it[2] is not None:
                continue
            t0 = time.time()
            path = os.path.join(mnt, it[1])
            ok = os.path.isdir(path)
            if ok:
                try:
                    ok = os.path.basename(path) in os.listdir(os.path.dirname(path))
                except OSError as e:
                    violations.append("item %s: listing failed: %r" % (it[1], e))
                    ok = False
            reads += 2
            t1 = time.time()
            if ok:
                it[2] = t1 - it[0]
                lat.append(it[2])
            elif t0 - it[0] > limit:
                violations.append("item %s: not visible %.3fs after its commit"
                                  % (it[1], t0 - it[0]))
                it[2] = -1.0
        if stopping:
            break
        time.sleep(0.005)
    unseen = sum(len(v) for v in pending.values())
    lat.sort()
    print(json.dumps({
        "reads": reads,
        "action_commits": sum(len(v) for v in commits.values()),
        "item_commits": len(items),
        "latency_max": round(lat[-1], 3) if lat else None,
        "latency_median": round(lat[len(lat) // 2], 3) if lat else None,
        "latency_p99": round(lat[min(len(lat) - 1, len(lat) * 99 // 100)], 3)
        if lat else None,
        "seen": len(lat),
        "late": sum(1 for x in lat if x > limit),
        "unseen_at_stop": unseen,
        "violations": violations[:20],
        "violation_count": len(violations),
    }))


if __name__ == "__main__":
    main()
