#!/usr/bin/env python3
"""tests/http/test_public.py — /offentlig: the published edition served by
`pejl serve` from PEJL_PUBLIC_DIR (the harness publishes the demo's 2017
edition there).

  - /offentlig and /offentlig/ send the public to the latest edition's
    Danish front page; no login is needed;
  - every file of the edition is served with the bytes on disk, the right
    content type and the security headers (a CSP that allows only the
    edition's own stylesheet, nosniff), and a crawl from both front pages
    over HTTP reaches every page with no broken link;
  - hostile paths get 404 and nothing else: "..", "%2e%2e", "%00", hidden
    and temporary directories, backslashes, unknown extensions, and
    symbolic links inside the directory (to a file outside, to a directory
    outside, even to a file inside); writes are 405;
  - a newer edition is served at once; a server without a public
    directory answers 404.
"""

import os
import re
import shutil
import sys
from urllib.parse import urljoin, urlsplit

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Server, check_html, raw_request  # noqa: E402

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".csv": "text/csv; charset=utf-8",
         ".json": "application/json", ".jsonld": "application/ld+json",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def body(t, srv):
    anon = srv.anon()
    r = anon.get("/offentlig")
    t.ok(r.status == 303 and r.header("Location") == "/offentlig/2017/da/index.html",
         "GET /offentlig sends an anonymous visitor to the latest edition's Danish front page", r.describe())
    r = anon.get("/offentlig/")
    t.ok(r.status == 303 and r.header("Location") == "/offentlig/2017/da/index.html", "GET /offentlig/ likewise",
         r.describe())
    r = anon.get("/offentlig/2017/da/index.html")
    t.status(r, 200, "the front page answers 200 without a login")
    t.contains(r, "fremgang på", "the front page has the headline count")
    csp = r.header("Content-Security-Policy") or ""
    t.ok("default-src 'none'" in csp and "style-src 'self'" in csp and "script-src" not in csp,
         "the CSP allows only the edition's own stylesheet (no scripts)", csp)
    t.eq(r.header("X-Content-Type-Options"), "nosniff", "nosniff is sent")
    r = anon.get("/offentlig/2017")
    t.ok(r.status == 303 and r.header("Location") == "/offentlig/2017/", "a directory without its slash gets it",
         r.describe())
    r = anon.get("/offentlig/2017/")
    t.ok(r.status == 200 and "da/index.html" in r.text, "a directory serves its index.html", r.describe())

    # every file, byte for byte, with its content type
    root = srv.public
    files = []
    for d, _dirs, fs in os.walk(root):
        for f in fs:
            files.append(os.path.relpath(os.path.join(d, f), root))
    bad = []
    for f in sorted(files):
        r = anon.get("/offentlig/" + f)
        want = TYPES.get(os.path.splitext(f)[1])
        if r.status != 200 or r.body != open(os.path.join(root, f), "rb").read() or r.header("Content-Type") != want:
            bad.append("%s: %s %s" % (f, r.status, r.header("Content-Type")))
    t.ok(not bad and len(files) >= 60, "every file of the edition (%d) is served as on disk with its content type"
         % len(files), "\n".join(bad[:10]))

    # a crawl over HTTP from both front pages
    seen, todo, broken, bad_html = set(), ["/offentlig/2017/da/index.html", "/offentlig/2017/en/index.html"], [], []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        r = anon.get(path)
        if r.status != 200:
            broken.append("%s: %d" % (path, r.status))
            continue
        if not path.endswith(".html"):
            continue
        errors, p = check_html(r.text)
        if errors:
            bad_html.append("%s: %s" % (path, errors[:2]))
        for href in p.links + p.refs:
            u = urlsplit(urljoin("http://x" + path, href))
            if u.netloc != "x":
                broken.append("%s: external %s" % (path, href))
            elif u.path.startswith("/offentlig/"):
                todo.append(u.path)
            else:
                broken.append("%s: leaves the edition: %s" % (path, href))
    t.ok(not broken and len(seen) >= 60, "a crawl from both front pages reaches %d files, no link broken" % len(seen),
         "\n".join(broken[:10]))
    t.ok(not bad_html, "every page served is well-formed HTML", "\n".join(bad_html[:5]))

    # hostile paths
    outside = os.path.join(srv.tmp, "secret.html")
    open(outside, "w").write("<p>the secret file</p>")
    os.makedirs(os.path.join(root, ".2018.tmp-abc", "da"))
    open(os.path.join(root, ".2018.tmp-abc", "da", "index.html"), "w").write("half-written")
    os.symlink(outside, os.path.join(root, "2017", "da", "leak.html"))
    os.symlink(srv.tmp, os.path.join(root, "2017", "out"))
    os.symlink(os.path.join(root, "2017", "da", "index.html"), os.path.join(root, "2017", "da", "alias.html"))
    open(os.path.join(root, "2017", "notes.txt"), "w").write("not an edition file")
    hostile = [
        "/offentlig/../pejl.db",
        "/offentlig/%2e%2e/pejl.db",
        "/offentlig/%2E%2E/secret.html",
        "/offentlig/2017/%2e%2e/%2e%2e/secret.html",
        "/offentlig/2017/da/../../../secret.html",
        "/offentlig/2017/./da/index.html",
        "/offentlig/2017//da/index.html",
        "/offentlig/2017/da/index.html%00",
        "/offentlig/2017/da/index.html%00.css",
        "/offentlig/2017%00/da/index.html",
        "/offentlig/2017\\..\\..\\secret.html",
        "/offentlig/2017/da/%5c..%5c..%5csecret.html",
        "/offentlig/.2018.tmp-abc/da/index.html",
        "/offentlig/2017/da/leak.html",
        "/offentlig/2017/out/secret.html",
        "/offentlig/2017/out/pejl.db",
        "/offentlig/2017/da/alias.html",
        "/offentlig/2017/notes.txt",
        "/offentlig/2017/edition.json/x.html",
        "/offentlig/" + "a/" * 300 + "x.html",
    ]
    bad = []
    for path in hostile:
        r = raw_request(srv.port, "GET", path)
        if r.status not in (404, 414) or b"the secret file" in r.body or b"SQLite format" in r.body or b"half-written" in r.body:
            bad.append("%s -> %s %r" % (path, r.status, r.body[:80]))
    t.ok(not bad, "%d hostile paths (.., %%2e%%2e, %%00, backslashes, hidden directories, symbolic links) get 404 "
         "and nothing of what they aim at" % len(hostile), "\n".join(bad))
    for method in ("POST", "PUT", "DELETE"):
        r = raw_request(srv.port, method, "/offentlig/2017/da/index.html", b"x")
        t.ok(r.status == 405, "%s to the edition: 405" % method, r.describe())

    # a newer edition is the latest at once
    shutil.copytree(os.path.join(root, "2017"), os.path.join(root, "2018"), symlinks=True)
    r = anon.get("/offentlig/")
    t.ok(r.status == 303 and r.header("Location") == "/offentlig/2018/da/index.html",
         "a newer edition (2018) is served as the latest at once", r.describe())
    shutil.rmtree(os.path.join(root, "2018"))

    # a server without a public directory
    other = Server(t, public=False)
    try:
        other.setup()
        other.start()
        r = other.anon().get("/offentlig/")
        t.ok(r.status == 404, "a server without a public directory answers /offentlig/ with 404", r.describe())
        r = other.anon().get("/offentlig/2017/da/index.html")
        t.ok(r.status == 404, "... and every path under it", r.describe())
    finally:
        other.stop()
        other.cleanup()


if __name__ == "__main__":
    harness.main(body)
