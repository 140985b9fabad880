#!/usr/bin/env python3
"""cluster-load.py - the mixed load of scripts/cluster-demo: writes read back at once
with read-your-writes asked for, and plain reads, through the load balancer.

  cluster-load.py run URL TOKEN STATE SECONDS WORKERS MAX_STATEMENT_ID
      Runs WORKERS threads for SECONDS. Each one creates speakers and retitles them
      (PATCH), and reads every write straight back with the write's
      Saywho-Commit-LSN as Saywho-Min-LSN (when the server sends one): an answer
      that does not show the write is a stale read. Between writes, plain reads of
      random statements and of the speaker list. Every acknowledged write, and every
      write whose outcome is unknown (an error or no answer), is kept in STATE (JSON,
      appended to across runs) for the final check. Prints one line:
        LOAD requests=.. errors=.. writes=.. unknown=.. stale=.. checked=.. lsn=yes|no
  cluster-load.py verify STATE PSQL_URL
      Compares STATE with what the primary holds (psql): a speaker acknowledged as
      created that is missing, or whose title is neither the last acknowledged one
      nor one of the unknown-outcome attempts after it, is a lost write. Prints:
        VERIFY speakers=.. lost=..
Standard library only; requests time out after 10 s.
"""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

TIMEOUT = 10


class Client:
    """One keep-alive connection to the balancer, reopened after an error."""

    def __init__(self, url, token):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.token = token
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        """(status, headers dict lower-cased, parsed JSON or None); status 0 on a failed exchange."""
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
            h["Authorization"] = "Bearer " + self.token
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                raw = r.read()
                hdrs = {k.lower(): v for k, v in r.getheaders()}
                if hdrs.get("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                try:
                    doc = json.loads(raw) if raw else None
                except ValueError:
                    doc = None
                return r.status, hdrs, doc
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                # A reused keep-alive connection the server closed meanwhile: a GET may be
                # sent again at once; a write's outcome is unknown, so it is reported.
                if method != "GET" or attempt == 1:
                    return 0, {}, None
        return 0, {}, None


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.n = {"requests": 0, "errors": 0, "writes": 0, "unknown": 0, "stale": 0, "checked": 0}
        self.lsn_seen = False
        self.speakers = {}  # id -> {"title": last acknowledged, "pending": [unknown outcomes]}
        self.unknown_creates = 0

    def add(self, **kv):
        with self.lock:
            for k, v in kv.items():
                self.n[k] += v


def worker(wid, url, token, deadline, max_id, prefix, totals):
    c = Client(url, token)
    mine = []  # ids of the speakers this worker created
    seq = 0
    rnd = random.Random(wid * 7919 + int(time.time()))

    def counted(method, path, body=None, headers=None):
        status, hdrs, doc = c.call(method, path, body, headers)
        totals.add(requests=1, errors=1 if status == 0 or status >= 500 else 0)
        return status, hdrs, doc

    def read_back(path, hdrs, good):
        lsn = hdrs.get("saywho-commit-lsn")
        if lsn:
            totals.lsn_seen = True
        status, _, doc = counted("GET", path, headers={"Saywho-Min-LSN": lsn} if lsn else None)
        if status == 0 or status >= 500:
            return
        totals.add(checked=1, stale=0 if status == 200 and good(doc) else 1)

    while time.time() < deadline:
        seq += 1
        r = rnd.random()
        if r < 0.15 or not mine:
            name = "Demo %s %d %d" % (prefix, wid, seq)
            status, hdrs, doc = counted("POST", "/speakers", {"name": name})
            if status == 201:
                sid = doc["id"]
                mine.append(sid)
                with totals.lock:
                    totals.speakers[sid] = {"title": None, "pending": []}
                totals.add(writes=1)
                read_back("/speakers/%d" % sid, hdrs, lambda d, n=name: d and d.get("name") == n)
            else:
                totals.add(unknown=1)
                with totals.lock:
                    totals.unknown_creates += 1
        elif r < 0.45:
            sid = rnd.choice(mine)
            title = "t%d-%d" % (wid, seq)
            status, hdrs, doc = counted("PATCH", "/speakers/%d" % sid, {"title": title})
            with totals.lock:
                entry = totals.speakers[sid]
                if status == 200:
                    entry["title"], entry["pending"] = title, []
                else:
                    entry["pending"].append(title)
            if status == 200:
                totals.add(writes=1)
                read_back("/speakers/%d" % sid, hdrs, lambda d, t=title: d and d.get("title") == t)
            else:
                totals.add(unknown=1)
        elif r < 0.85:
            counted("GET", "/statements/%d" % rnd.randint(1, max_id))
        else:
            counted("GET", "/speakers?limit=5")


def run(url, token, state_path, seconds, workers, max_id):
    totals = Totals()
    prefix = os.path.basename(state_path).split(".")[0]
    deadline = time.time() + seconds
    threads = [threading.Thread(target=worker, args=(i, url, token, deadline, max_id, prefix, totals))
               for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    state = {"speakers": {}, "unknown_creates": 0}
    if os.path.exists(state_path):
        with open(state_path) as f:
            state = json.load(f)
    for sid, entry in totals.speakers.items():
        state["speakers"][str(sid)] = entry
    state["unknown_creates"] += totals.unknown_creates
    with open(state_path, "w") as f:
        json.dump(state, f)
    n = totals.n
    print("LOAD requests=%d errors=%d writes=%d unknown=%d stale=%d checked=%d lsn=%s" % (
        n["requests"], n["errors"], n["writes"], n["unknown"], n["stale"], n["checked"],
        "yes" if totals.lsn_seen else "no"))


def verify(state_path, psql_url):
    with open(state_path) as f:
        state = json.load(f)
    ids = sorted(int(i) for i in state["speakers"])
    if not ids:
        print("VERIFY speakers=0 lost=0")
        return
    sql = "SELECT id, coalesce(title, '') FROM speakers WHERE id = ANY('{%s}'::bigint[])" % (
        ",".join(str(i) for i in ids))
    out = subprocess.run(["psql", psql_url, "-XAtF", "\t", "-c", sql], check=True,
                         capture_output=True, text=True).stdout
    held = {}
    for line in out.splitlines():
        sid, title = line.split("\t", 1)
        held[int(sid)] = title or None
    lost = 0
    for i in ids:
        entry = state["speakers"][str(i)]
        if i not in held:
            lost += 1
        elif held[i] != entry["title"] and held[i] not in entry["pending"]:
            lost += 1
    print("VERIFY speakers=%d lost=%d" % (len(ids), lost))


def main(argv):
    if len(argv) == 8 and argv[1] == "run":
        run(argv[2], argv[3], argv[4], float(argv[5]), int(argv[6]), int(argv[7]))
    elif len(argv) == 4 and argv[1] == "verify":
        verify(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
