#!/usr/bin/env python3
"""lock.py DB SECONDS READY -- hold a write lock on DB for SECONDS
(BEGIN EXCLUSIVE and a write, as `sqlite3 DB 'BEGIN EXCLUSIVE; ...'`
would), touching READY once the lock is held; then roll back."""
import sqlite3
import sys
import time

db, secs, ready = sys.argv[1], float(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db, isolation_level=None, timeout=30)
c.execute("BEGIN EXCLUSIVE")
c.execute("UPDATE board SET remit = remit || '' WHERE id = (SELECT min(id) FROM board)")
open(ready, "w").close()
time.sleep(secs)
c.execute("ROLLBACK")
c.close()
