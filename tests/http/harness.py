"""tests/http/harness.py — a small harness for the HTTP tests (Python 3,
standard library only).

Each tests/http/test_*.py does

    import harness
    def body(t, srv): ...
    harness.main(body)

main() makes a temporary directory, creates a demo database
(`PEJL --db DB init --demo`), adds one user per role (the user's name is the
role's name, password PASSWORD; leader and practitioner get --unit BCV),
starts `PEJL --db DB serve --listen 127.0.0.1:PORT --threads 2` on a free
port (main(body, key=True) first makes a pseudonym key with `pejl keygen
--out` and gives it to the server and to srv.cli as PEJL_KEY, which
recording feedback needs; threads=N serves with N threads), waits until it
answers, runs body(t, srv) and at the end stops the
server with SIGTERM, checking that it exits 0 within GRACEFUL_SECONDS (graceful
shutdown is a requirement) and that its log holds no sanitizer report.

The runner sets PEJL (the binary under test, the sanitizer build) and ROOT
(the repository). Output is TAP: "ok N - name" / "not ok N - name" with
"#"-prefixed diagnostics, the plan "1..N" last; the exit status is 1 when a
check failed.

Every request goes to 127.0.0.1 only, on a fresh connection with a timeout;
every wait is bounded.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import uuid
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
PEJL = os.environ.get("PEJL") or os.path.join(ROOT, "build", "san", "pejl")
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden", "http")
UPDATE_GOLDEN = os.environ.get("PEJL_UPDATE_GOLDEN") == "1"

HOST = "127.0.0.1"
PASSWORD = "Kodeord-til-test-42"
ROLES = ("viewer", "analyst", "leader", "practitioner", "admin")
ALL_ROLES = ("anonymous",) + ROLES
UNITS = {"leader": "BCV", "practitioner": "BCV"}

REQUEST_TIMEOUT = 30.0  # seconds, per request (the sanitizer build is slow)
START_SECONDS = 30.0  # until the server answers
GRACEFUL_SECONDS = 5.0  # SIGTERM to exit, with no request running
STOP_SECONDS = 15.0  # then SIGKILL (the server waits up to 10 s for running requests)
CLI_TIMEOUT = 120.0

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "SUMMARY: UndefinedBehavior")


# --- TAP --------------------------------------------------------------------------------


class Tap:
    """Numbered TAP lines; diagnostics are '#'-prefixed."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    @staticmethod
    def _one_line(s):
        return re.sub(r"\s+", " ", str(s)).strip()

    def ok(self, cond, name, diag=None):
        self.n += 1
        name = self._one_line(name).replace("#", "\\#")
        if cond:
            print("ok %d - %s" % (self.n, name), flush=True)
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, name), flush=True)
            if diag is not None:
                for line in str(diag).splitlines()[:60]:
                    print("#   " + line[:2000], flush=True)
        return bool(cond)

    def skip(self, name, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, self._one_line(name), self._one_line(reason)), flush=True)

    def note(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def eq(self, got, want, name):
        return self.ok(got == want, name, "expected: %r\n     got: %r" % (want, got))

    def status(self, res, want, name):
        """want: an int or a tuple of acceptable statuses."""
        wants = want if isinstance(want, (tuple, list, set)) else (want,)
        return self.ok(res.status in wants, name, res.describe("expected status %s" % "/".join(map(str, wants))))

    def contains(self, hay, needle, name):
        if isinstance(hay, Response):
            hay = hay.text
        return self.ok(needle in hay, name, "expected to find: %r\nin: %s" % (needle, excerpt(hay)))

    def lacks(self, hay, needle, name):
        if isinstance(hay, Response):
            hay = hay.text
        i = hay.find(needle)
        return self.ok(i < 0, name, "did not expect %r; found at %d: %r" % (needle, i, hay[max(0, i - 200) : i + 200]))

    def done(self):
        print("1..%d" % self.n, flush=True)
        sys.exit(1 if self.failed else 0)


def excerpt(s, n=1500):
    s = s if isinstance(s, str) else repr(s)
    return s if len(s) <= n else s[:n] + " …(%d more)" % (len(s) - n)


# --- responses and clients --------------------------------------------------------------


class Response(tuple):
    """(status, headers, body) — headers a list of (name, value), body bytes —
    with helpers. status 0 means no answer (error says why)."""

    def __new__(cls, status, headers, body, method="", path="", error=None):
        self = super().__new__(cls, (status, headers, body))
        self.method, self.path, self.error = method, path, error
        return self

    status = property(lambda self: self[0])
    headers = property(lambda self: self[1])
    body = property(lambda self: self[2])

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def error_code(self):
        j = self.json()
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            return j["error"].get("code")
        return None

    def describe(self, why=""):
        lines = []
        if why:
            lines.append(why)
        lines.append("%s %s -> %s%s" % (self.method, self.path[:300], self.status, " (%s)" % self.error if self.error else ""))
        for k, v in self.headers:
            if k.lower() in ("location", "content-type", "allow", "set-cookie"):
                lines.append("%s: %s" % (k, v))
        if self.body:
            lines.append("body: " + excerpt(self.text, 1200))
        return "\n".join(lines)


def raw_request(port, method, path, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    """One request on a fresh connection to 127.0.0.1:port. body: bytes, str
    or an iterable of bytes (sent chunked). The path is sent as given."""
    hdrs = dict(headers or {})
    if isinstance(body, str):
        body = body.encode("utf-8")
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        chunked = body is not None and not isinstance(body, (bytes, bytearray))
        if chunked:
            hdrs.setdefault("Transfer-Encoding", "chunked")
        elif body is not None:
            hdrs.setdefault("Content-Length", str(len(body)))
        elif method in ("POST", "PUT", "PATCH", "DELETE"):
            hdrs.setdefault("Content-Length", "0")
        hdrs.setdefault("Connection", "close")
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        if chunked:
            for chunk in body:
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        elif body:
            conn.send(body)
        r = conn.getresponse()
        data = r.read()
        return Response(r.status, r.getheaders(), data, method, path)
    except (OSError, http.client.HTTPException) as e:
        return Response(0, [], b"", method, path, error="%s: %s" % (type(e).__name__, e))
    finally:
        conn.close()


def form_encode(fields):
    """fields: a dict or a list of pairs."""
    items = fields.items() if isinstance(fields, dict) else fields
    return urllib.parse.urlencode(list(items))


def multipart_encode(fields, files):
    """fields: {name: value}; files: {name: (filename, bytes, content_type)}.
    Returns (content_type, body)."""
    boundary = "pejltest" + uuid.uuid4().hex
    out = []
    for name, value in (fields or {}).items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode())
        out.append(value.encode("utf-8") if isinstance(value, str) else value)
        out.append(b"\r\n")
    for name, (filename, data, ctype) in (files or {}).items():
        out.append(
            (
                "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                % (boundary, name, filename, ctype)
            ).encode()
        )
        out.append(data if isinstance(data, bytes) else data.encode("utf-8"))
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, b"".join(out)


class Client:
    """A user agent for one server: a small cookie jar (name → value, from
    Set-Cookie), the session's CSRF token, an optional API token."""

    def __init__(self, srv, role="anonymous"):
        self.srv = srv
        self.role = role
        self.cookies = {}
        self.csrf = None
        self.bearer = None

    @property
    def session(self):
        return self.cookies.get("pejl_session")

    def _take_cookies(self, res):
        for sc in res.header_all("Set-Cookie"):
            first = sc.split(";", 1)[0]
            if "=" not in first:
                continue
            name, value = first.split("=", 1)
            attrs = sc.lower()
            if value == "" or "max-age=0" in attrs:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    def request(self, method, path, body=None, headers=None, cookies=True, timeout=REQUEST_TIMEOUT):
        """→ Response, unpackable as (status, headers, body)."""
        hdrs = dict(headers or {})
        if cookies and self.cookies and "Cookie" not in hdrs:
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.bearer and "Authorization" not in hdrs:
            hdrs["Authorization"] = "Bearer " + self.bearer
        res = raw_request(self.srv.port, method, path, body, hdrs, timeout=timeout)
        if cookies:
            self._take_cookies(res)
        return res

    def get(self, path, headers=None):
        return self.request("GET", path, None, headers)

    def post_json(self, path, obj, csrf=True, headers=None, method="POST"):
        """obj: anything JSON, or a str/bytes sent as is. csrf: True sends the
        session's token as X-CSRF-Token, a str sends that, False none."""
        hdrs = {"Content-Type": "application/json"}
        if csrf is True and self.csrf:
            hdrs["X-CSRF-Token"] = self.csrf
        elif isinstance(csrf, str):
            hdrs["X-CSRF-Token"] = csrf
        hdrs.update(headers or {})
        body = obj if isinstance(obj, (str, bytes)) else json.dumps(obj)
        return self.request(method, path, body, hdrs)

    def delete(self, path, csrf=True, headers=None):
        hdrs = {}
        if csrf is True and self.csrf:
            hdrs["X-CSRF-Token"] = self.csrf
        elif isinstance(csrf, str):
            hdrs["X-CSRF-Token"] = csrf
        hdrs.update(headers or {})
        return self.request("DELETE", path, None, hdrs)

    def post_form(self, path, fields, csrf=True, headers=None):
        """fields: dict or pairs; csrf: True adds _csrf from the session, a str
        adds that, False adds none."""
        pairs = list(fields.items() if isinstance(fields, dict) else fields)
        if csrf is True and self.csrf:
            pairs.append(("_csrf", self.csrf))
        elif isinstance(csrf, str):
            pairs.append(("_csrf", csrf))
        hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
        hdrs.update(headers or {})
        return self.request("POST", path, form_encode(pairs), hdrs)

    def post_multipart(self, path, fields, files, csrf=True):
        fields = dict(fields or {})
        if csrf is True and self.csrf:
            fields["_csrf"] = self.csrf
        elif isinstance(csrf, str):
            fields["_csrf"] = csrf
        ctype, body = multipart_encode(fields, files)
        return self.request("POST", path, body, {"Content-Type": ctype})

    def refresh_csrf(self):
        """The CSRF token from GET /api/v1/me ("csrf"), falling back to the
        hidden _csrf input of the overview page."""
        me = self.get("/api/v1/me")
        j = me.json()
        if me.status == 200 and isinstance(j, dict) and j.get("csrf"):
            self.csrf = j["csrf"]
            return self.csrf
        page = self.get("/")
        m = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.text)
        self.csrf = m.group(1) if m else None
        return self.csrf


# --- the server -------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def clean_env():
    env = dict(os.environ)
    for k in ("PEJL_DB", "PEJL_LISTEN", "PEJL_THREADS", "PEJL_TLS_CERT", "PEJL_TLS_KEY", "PEJL_PASSWORD",
              "PEJL_PUBLIC_DIR", "PEJL_KEY"):
        env.pop(k, None)
    return env


class Server:
    """A demo database with one user per role and a running `pejl serve`.
    db: the database's URL (default: pejl.db in the server's temporary
    directory); several servers may share one PostgreSQL URL, and only the
    first of them needs setup()."""

    def __init__(self, tap, config=None, public=True, key=False, threads=2, db=None):
        self.tap = tap
        self.tmp = tempfile.mkdtemp(prefix="pejl-http-")
        self.db = db or os.path.join(self.tmp, "pejl.db")
        # the demo's public edition (pejl publish), served at /offentlig
        self.public = os.path.join(self.tmp, "public") if public else None
        self.log_path = os.path.join(self.tmp, "serve.log")
        self.config = config
        # the pseudonym key lives apart from the database, as pejl asks
        self.key = os.path.join(self.tmp, "keys", "pejl.key") if key else None
        self.threads = threads
        self.proc = None
        self.port = None
        self.term_sent = None
        self.users = {}

    def cli(self, *args, password=None, check=True):
        env = clean_env()
        if password is not None:
            env["PEJL_PASSWORD"] = password
        if self.key:
            env["PEJL_KEY"] = self.key
        p = subprocess.run(
            [PEJL, "--db", self.db] + list(args),
            capture_output=True,
            env=env,
            timeout=CLI_TIMEOUT,
            cwd=self.tmp,
        )
        if check and p.returncode != 0:
            raise RuntimeError(
                "pejl %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr.decode("utf-8", "replace"))
            )
        return p

    def setup(self):
        self.cli("init", "--demo")
        if self.key:
            os.makedirs(os.path.dirname(self.key), mode=0o700)
            self.cli("keygen", "--out", self.key)
        for role in ROLES:
            args = ["user", "add", role, "--role", role]
            if role in UNITS:
                args += ["--unit", UNITS[role]]
            self.cli(*args, password=PASSWORD)
            self.users[role] = role
        if self.public:
            self.cli("publish", "--period", "2017", "--out", self.public)

    def start(self):
        args = [PEJL, "--db", self.db, "serve", "--threads", str(self.threads)]
        if self.config:
            cfg = os.path.join(self.tmp, "pejl.ini")
            with open(cfg, "w") as f:
                f.write(self.config)
            args += ["--config", cfg]
        last = ""
        for _attempt in range(3):
            self.port = free_port()
            log = open(self.log_path, "ab")
            env = clean_env()
            if self.public:
                env["PEJL_PUBLIC_DIR"] = self.public
            if self.key:
                env["PEJL_KEY"] = self.key
            self.proc = subprocess.Popen(
                args + ["--listen", "%s:%d" % (HOST, self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=env,
                cwd=self.tmp,
            )
            log.close()
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                r = raw_request(self.port, "GET", "/login", timeout=2)
                if r.status:
                    return
                time.sleep(0.1)
            last = self.log()
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            self.proc = None
        raise RuntimeError("the server did not start:\n" + last)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def terminate(self):
        """Sends SIGTERM (once); stop() then waits for the exit."""
        if self.proc is not None and self.term_sent is None and self.proc.poll() is None:
            self.term_sent = time.monotonic()
            self.proc.send_signal(signal.SIGTERM)

    def stop(self):
        """SIGTERM; the server must exit 0 within GRACEFUL_SECONDS."""
        if self.proc is None:
            return
        p = self.proc
        if p.poll() is not None and self.term_sent is None:
            self.proc = None
            self.tap.ok(False, "the server was still running at the end", "exit %s\n%s" % (p.returncode, self.log()[-3000:]))
            return
        self.terminate()
        try:
            rc = p.wait(timeout=max(0.1, STOP_SECONDS - (time.monotonic() - self.term_sent)))
            took = time.monotonic() - self.term_sent
            self.tap.ok(
                rc == 0 and took <= GRACEFUL_SECONDS,
                "the server stops on SIGTERM with exit 0 within %d s (took %.1f s)" % (GRACEFUL_SECONDS, took),
                "exit %s\n%s" % (rc, self.log()[-3000:]),
            )
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)
            self.tap.ok(False, "the server stops on SIGTERM within %d s" % STOP_SECONDS, self.log()[-3000:])
        self.proc = None
        log = self.log()
        bad = [m for m in SANITIZER_MARKS if m in log]
        self.tap.ok(not bad, "the server log has no sanitizer report", log[-4000:])

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # clients

    def anon(self):
        return Client(self, "anonymous")

    def login(self, role, via="api"):
        """A client logged in as role's user (via POST /api/v1/session, or
        the /login form with via="form"), with its CSRF token. Raises when
        the login fails: every test depends on it."""
        c = Client(self, role)
        if role == "anonymous":
            return c
        if via == "form":
            r = c.post_form("/login", {"name": role, "password": PASSWORD, "next": "/"}, csrf=False)
            ok = r.status == 303 and c.session
        else:
            r = c.post_json("/api/v1/session", {"name": role, "password": PASSWORD}, csrf=False)
            ok = r.status == 201 and c.session
            j = r.json()
            if ok and isinstance(j, dict):
                c.csrf = j.get("csrf")
        if not ok:
            raise RuntimeError("login as %s failed:\n%s" % (role, r.describe()))
        c.refresh_csrf()
        if not c.csrf:
            raise RuntimeError("no CSRF token for %s" % role)
        return c


def main(body, config=None, key=False, threads=2):
    """Runs body(tap, server) against a fresh server; always stops the
    server, prints the plan and exits 0 or 1. key: give the server a
    pseudonym key (PEJL_KEY); threads: its --threads."""
    tap = Tap()
    srv = None
    if not os.access(PEJL, os.X_OK):
        tap.ok(False, "PEJL is an executable", "PEJL=%s" % PEJL)
        tap.done()
    try:
        srv = Server(tap, config, key=key, threads=threads)
        srv.setup()
        srv.start()
        tap.note("server %s on 127.0.0.1:%d, database %s" % (PEJL, srv.port, srv.db))
        body(tap, srv)
    except Exception:
        tap.ok(False, "the test script ran to its end", traceback.format_exc())
        if srv is not None and srv.proc is not None:
            tap.note("server log (tail):\n" + srv.log()[-3000:])
    finally:
        if srv is not None:
            try:
                srv.stop()
            finally:
                srv.cleanup()
    tap.done()


# --- HTML ---------------------------------------------------------------------------------

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class HtmlCheck(HTMLParser):
    """Checks that every opened non-void element is closed, in order, and
    collects links, ids and hidden inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.links = []  # href of <a>
        self.refs = []  # href/src of link, script, img
        self.ids = {}
        self.inputs = {}  # name → value
        self.svgs = []  # attrs of <svg>

    def _pos(self):
        line, col = self.getpos()
        return "%d:%d" % (line, col)

    def _attrs(self, tag, attrs):
        d = dict(attrs)
        if tag == "a" and d.get("href") is not None:
            self.links.append(d["href"])
        if tag in ("link", "script", "img") and (d.get("href") or d.get("src")):
            self.refs.append(d.get("href") or d.get("src"))
        if tag == "input" and d.get("name"):
            self.inputs.setdefault(d["name"], d.get("value"))
        if tag == "svg":
            self.svgs.append(d)
        if d.get("id"):
            if d["id"] in self.ids:
                self.errors.append("%s: duplicate id %r" % (self._pos(), d["id"]))
            self.ids[d["id"]] = tag

    def handle_starttag(self, tag, attrs):
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self._pos()))

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("%s: end tag for void element </%s>" % (self._pos(), tag))
            return
        if not self.stack:
            self.errors.append("%s: </%s> closes nothing" % (self._pos(), tag))
            return
        top, where = self.stack[-1]
        if top != tag:
            self.errors.append("%s: </%s> closes <%s> opened at %s" % (self._pos(), tag, top, where))
            # recover: pop up to a matching element if there is one
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
            return
        self.stack.pop()


def check_html(text):
    """→ (errors, parser)."""
    p = HtmlCheck()
    p.feed(text)
    p.close()
    errors = list(p.errors)
    for tag, where in p.stack:
        errors.append("<%s> opened at %s is never closed" % (tag, where))
    if not text.lstrip().lower().startswith("<!doctype html>"):
        errors.append("no <!DOCTYPE html> first")
    return errors, p


# --- golden files -------------------------------------------------------------------------


def golden(tap, name, data, name_of_check):
    """Compares bytes with tests/golden/http/NAME byte for byte, or writes
    it when PEJL_UPDATE_GOLDEN=1."""
    path = os.path.join(GOLDEN_DIR, name)
    if UPDATE_GOLDEN:
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        tap.ok(True, name_of_check + " (golden written: tests/golden/http/%s)" % name)
        return
    try:
        with open(path, "rb") as f:
            want = f.read()
    except OSError as e:
        tap.ok(False, name_of_check, "cannot read %s (%s); run with PEJL_UPDATE_GOLDEN=1" % (path, e))
        return
    if data == want:
        tap.ok(True, name_of_check)
        return
    i = next((k for k in range(min(len(data), len(want))) if data[k] != want[k]), min(len(data), len(want)))
    tap.ok(
        False,
        name_of_check,
        "differs from tests/golden/http/%s at byte %d (got %d bytes, golden %d)\n golden: %r\n    got: %r"
        % (name, i, len(data), len(want), want[max(0, i - 80) : i + 80], data[max(0, i - 80) : i + 80]),
    )


def routes_from_source():
    """(method, pattern) pairs of src/web/routes.c — used only to check that
    a test's explicit tables cover every route, never to derive expectations."""
    with open(os.path.join(ROOT, "src", "web", "routes.c"), encoding="utf-8") as f:
        src = f.read()
    return re.findall(r'\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,', src)
