#!/usr/bin/env python3
"""A ModernGov web service on the loopback interface for tests/t_sync.sh.

Serves recorded answers of mgWebService.asmx, and faults, for sites named
by the first segment of the path: /SITE/[any/path/]mgWebService.asmx/METHOD.

An answer's file is looked up in OVERLAY/SITE/ (written by the test), then
as routes.tsv of FIXTURES says (site, method, parameter, file), then in
FIXTURES/SITE/.  Default names: committees.xml, meetings.xml (filtered by
lCommitteeId, sFromDate and sToDate), meeting_ID.xml, councillors.xml.

OVERLAY/SITE/FILE.fault changes how FILE is served (one line):
  500 N          HTTP 500 for the first N requests, then the file
  503 N          HTTP 503 with Retry-After: 1 for the first N requests
  503date N      the same with Retry-After as a date 2 s ahead
  timeout        nothing for 5 s, then the connection closed
  reset          half of the body of the Content-Length sent, then a reset
  redirect-loop  302 to itself
  mgerror        302 to /SITE/mgError.aspx (an HTML page)
  trickle        the body one byte each 0.2 s
  empty          200 with an empty body
  serve NAME     FIXTURES/NAME (or OVERLAY/SITE/NAME) instead
  truncated      the first half of the file as a whole answer
OVERLAY/SITE/novalidators: no ETag or Last-Modified.
Documents: /SITE/[any/path/]mgConvert2PDF.aspx?ID=N serves doc_N.pdf and
/SITE/[any/path/]documents/NAME serves NAME (each looked up as above,
with the same faults and validators), as application/pdf whatever they
hold; "404 N" in their .fault answers 404 N times first.
Site "moved" answers 301 to the same path under /manchester/.
Answers of 200 are gzip-compressed when the client accepts it.
OVERLAY/SITE/delay: seconds to wait before each answer.

Every request is logged to LOG as: client-port METHOD-PATH conditional
status user-agent, one line each, flushed at once.
Stops by itself after --lifetime seconds.
With --cert and --key (PEM files), it speaks HTTPS instead.
"""
import argparse
import datetime
import email.utils
import gzip
import hashlib
import http.server
import os
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

ARGS = None
COUNTS = {}
LOCK = threading.Lock()


def routes():
    r = {}
    p = os.path.join(ARGS.fixtures, "routes.tsv")
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            site, method, param, name = line.rstrip("\n").split("\t")
            r[(site, method, param)] = name
    return r


def find(site, name):
    for d in (os.path.join(ARGS.overlay, site), ARGS.fixtures,
              os.path.join(ARGS.fixtures, site)):
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


def dmy(s):
    return datetime.datetime.strptime(s, "%d/%m/%Y").date()


def filter_meetings(data, cid, dfrom, dto):
    """The GetMeetings answer for one committee and dates: the recorded
    bytes unchanged when they are exactly that, else rebuilt."""
    root = ET.fromstring(data)
    keep_all = True
    out = ET.Element("getmeetings")
    total = 0
    comms = []
    for c in root.findall("committee"):
        if cid is not None and c.findtext("committeeid", "").strip() != cid:
            keep_all = False
            continue
        ms = []
        for m in c.find("committeemeetings").findall("meeting"):
            d = dmy(m.findtext("meetingdate").strip())
            if dfrom <= d <= dto:
                ms.append(m)
            else:
                keep_all = False
        comms.append((c, ms))
        total += len(ms)
    if keep_all:
        return data
    ET.SubElement(out, "meetingscount").text = " %d" % total
    ET.SubElement(out, "committeescount").text = " %d" % len(comms)
    for c, ms in comms:
        oc = ET.SubElement(out, "committee")
        for tag in ("committeeid", "committeetitle"):
            ET.SubElement(oc, tag).text = c.findtext(tag)
        ET.SubElement(oc, "committeemeetingcount").text = " %d" % len(ms)
        cm = ET.SubElement(oc, "committeemeetings")
        for m in ms:
            cm.append(m)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n' +
            ET.tostring(out, encoding="utf-8"))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go in two writes: without this, Nagle and the
    # client's delayed ACK hold each answer back ~40 ms
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def log(self, status):
        cond = "C" if (self.headers.get("If-None-Match") or
                       self.headers.get("If-Modified-Since")) else "-"
        with LOCK, open(ARGS.log, "a") as f:
            f.write("%d GET %s %s %s %s\n" % (
                self.client_address[1], self.path, cond, status,
                self.headers.get("User-Agent", "-")))

    def answer(self, status, body=b"", headers=()):
        if (status == 200 and body and
                "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body)
            headers = list(headers) + [("Content-Encoding", "gzip")]
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:             # the client went away (killed)
            self.close_connection = True
        self.log(status)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        parts = u.path.strip("/").split("/")
        site = parts[0] if parts else ""
        if site == "moved":                 # the site moved: 301
            loc = "/manchester/" + "/".join(parts[1:])
            if u.query:
                loc += "?" + u.query
            return self.answer(301, b"", [("Location", loc)])
        if parts[-1].lower() == "mgerror.aspx":
            return self.answer(200, b"<!DOCTYPE html>\n<html><head><title>"
                               b"Error</title></head><body>Sorry, an error "
                               b"occurred.</body></html>\n",
                               [("Content-Type", "text/html")])
        delay = os.path.join(ARGS.overlay, site, "delay")
        if site and os.path.isfile(delay):
            time.sleep(float(open(delay).read().strip() or 0))
        if parts[-1].lower() == "mgconvert2pdf.aspx":
            name = "doc_%s.pdf" % q.get("ID", [""])[0]
            return self.serve(site, name, find(site, name), "document")
        if len(parts) >= 3 and parts[-2] == "documents":
            return self.serve(site, parts[-1], find(site, parts[-1]),
                              "document")
        if len(parts) < 3 or parts[-2].lower() != "mgwebservice.asmx":
            return self.answer(404, b"not found\n")
        method = parts[-1]
        param = ""
        if method == "GetMeeting":
            param = q.get("lMeetingId", [""])[0]
        elif method == "GetMeetings":
            param = q.get("lCommitteeId", [""])[0]
        r = routes()
        name = (r.get((site, method, param)) or r.get((site, method, "*")) or
                {"GetCommittees": "committees.xml",
                 "GetMeetings": "meetings.xml",
                 "GetMeeting": "meeting_%s.xml" % param,
                 "GetCouncillorsByWard": "councillors.xml"}.get(method))
        path = find(site, name) if name else None
        if method == "GetMeetings" and not path:
            path = find(site, "meetings.xml")
        self.serve(site, name, path, method, q, param)

    def serve(self, site, name, path, method, q=None, param=""):
        """Answer with the file at path (None: 404), as name of site,
        with its fault if any, and with validators."""
        fault = os.path.join(ARGS.overlay, site, (name or "") + ".fault")
        spec = open(fault).read().split() if os.path.exists(fault) else []
        if spec and spec[0] == "404":
            key = (fault, os.stat(fault).st_mtime_ns)
            with LOCK:
                COUNTS[key] = COUNTS.get(key, 0) + 1
                n = COUNTS[key]
            if n <= int(spec[1]):
                return self.answer(404, b"<html><body>Not found</body>"
                                   b"</html>\n", [("Content-Type",
                                                   "text/html")])
            spec = []
        if not path:
            return self.answer(404, b"no such answer\n")
        if spec and spec[0] == "serve":
            path = find(site, spec[1])
            spec = []
        data = open(path, "rb").read()
        if method == "GetMeetings":
            try:
                data = filter_meetings(
                    data, param or None, dmy(q["sFromDate"][0]),
                    dmy(q["sToDate"][0]))
            except (KeyError, ValueError):
                return self.answer(500, b"bad dates\n")
        if spec:
            key = (fault, os.stat(fault).st_mtime_ns)   # a new fault
            with LOCK:                                  # counts anew
                COUNTS[key] = COUNTS.get(key, 0) + 1
                n = COUNTS[key]
            kind = spec[0]
            if kind in ("500", "503", "503date") and n <= int(spec[1]):
                h = [("Retry-After", "1")] if kind == "503" else []
                if kind == "503date":
                    h = [("Retry-After", email.utils.formatdate(
                        time.time() + 2, usegmt=True))]
                    kind = "503"
                return self.answer(int(kind), b"<html><body>Server Error"
                                   b"</body></html>\n", h)
            if kind == "timeout":
                self.log("timeout")
                time.sleep(5)
                self.close_connection = True
                return
            if kind == "reset":
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.log("reset")
                self.connection.setsockopt(socket.SOL_SOCKET,
                                           socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            if kind == "redirect-loop":
                return self.answer(302, b"", [("Location", self.path)])
            if kind == "mgerror":
                loc = "/%s/mgError.aspx?ErrorID=1" % site
                return self.answer(302, b"", [("Location", loc)])
            if kind == "empty":
                return self.answer(200, b"", [("Content-Type", "text/xml")])
            if kind == "truncated":
                data = data[:len(data) // 2]
            if kind == "trickle":
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.log("trickle")
                try:
                    for i in range(len(data)):
                        self.wfile.write(data[i:i + 1])
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                self.close_connection = True
                return
        headers = [("Content-Type", "application/pdf"
                    if method == "document" else "text/xml; charset=utf-8")]
        if not os.path.exists(os.path.join(ARGS.overlay, site,
                                           "novalidators")):
            etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
            mtime = int(os.stat(path).st_mtime)
            lm = email.utils.formatdate(mtime, usegmt=True)
            headers += [("ETag", etag), ("Last-Modified", lm)]
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm is not None:
                if inm == etag:
                    return self.answer(304, b"", headers[1:])
            elif ims is not None:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
                if mtime <= t:
                    return self.answer(304, b"", headers[1:])
        self.answer(200, data, headers)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client killed by the test is no error of the server
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--overlay", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ARGS = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    if ARGS.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.cert, ARGS.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, ARGS.port_file)
    threading.Timer(ARGS.lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
