"""tests/http/test_pg_servers.py — two `pejl serve` processes on one
PostgreSQL database, as behind a load balancer (DESIGN §8): a session made
on one server works on the other (pages, API, CSRF-checked writes), a
logout on one ends it on both, login throttling counts failures made on
either server, and a write through one server shows at once in the other's
cached status (the change counter). Both servers are the sanitizer build
and must stop cleanly.
"""
# needs: postgresql

import os
import subprocess
import sys
import traceback

import harness

HERE = os.path.dirname(os.path.abspath(__file__))


def goal_value(status_json, code):
    for pm in (status_json or {}).get("pejlemaerker", []):
        for g in pm.get("goals", []):
            if g.get("code") == code:
                return g.get("value")
    return None


def body(t, a, b):
    t.ok(a.port != b.port, "the two servers listen on different ports (%d, %d)" % (a.port, b.port))

    # --- a session made on A works on B, and the other way round
    c = a.login("analyst")
    t.ok(c.session is not None, "the analyst logs in on server A")
    on_b = harness.Client(b, "analyst")
    on_b.cookies = dict(c.cookies)
    on_b.csrf = c.csrf
    r = on_b.get("/api/v1/me")
    t.status(r, 200, "server B knows the session made on server A")
    t.eq((r.json() or {}).get("name"), "analyst", "server B sees the session's user")
    r = on_b.get("/")
    t.status(r, 200, "server B serves the overview to the session from A")

    # --- a write through B with A's session and CSRF token; A's status shows it
    before_a = c.get("/api/v1/status?period=2017")
    before_b = on_b.get("/api/v1/status?period=2017")
    t.status(before_a, 200, "server A answers the status")
    t.eq(goal_value(before_a.json(), "1A"), goal_value(before_b.json(), "1A"), "both servers give the same status")
    r = on_b.post_json("/api/v1/goals/1A/observations", {"period": "2017", "value": 4321, "note": "via B"})
    t.status(r, 201, "a write through B with the session and CSRF token from A is accepted")
    after_a = c.get("/api/v1/status?period=2017")
    t.eq(goal_value(after_a.json(), "1A"), 4321, "server A's status shows B's write at once (its cache was invalidated)")
    r = on_b.get("/api/v1/status?period=2017")
    t.eq(goal_value(r.json(), "1A"), 4321, "server B's status shows it too")

    # --- a logout on B ends the session on A
    r = on_b.delete("/api/v1/session")
    t.status(r, (200, 204), "the analyst logs out on server B")
    r = c.get("/api/v1/me")
    t.status(r, 401, "server A no longer accepts the session ended on B")

    lead = a.login("leader")  # kept for after the restart below

    # --- login throttling counts the failures on both servers together
    wrong = {"name": "viewer", "password": "not-the-password-1"}
    statuses = []
    for i in range(5):
        srv = a if i % 2 == 0 else b
        r = harness.Client(srv).post_json("/api/v1/session", wrong, csrf=False)
        statuses.append(r.status)
    t.eq(statuses, [401] * 5, "five wrong passwords, alternately on A and B, are each refused with 401")
    for srv, label in ((a, "A"), (b, "B")):
        r = harness.Client(srv).post_json(
            "/api/v1/session", {"name": "viewer", "password": harness.PASSWORD}, csrf=False
        )
        t.status(r, 429, "then even the right password is throttled on server %s" % label)
    # the failures also count against the address, whichever server saw them
    r = harness.Client(b).post_json("/api/v1/session", {"name": "admin", "password": harness.PASSWORD}, csrf=False)
    t.status(r, 429, "another user from the same address is throttled on B too (failures per address)")

    # --- PostgreSQL restarts: both servers carry on (they reconnect)
    p = subprocess.run(
        ["bash", "-c", '. "$ROOT/tests/pg/lib.sh"; _pg_as_owner "$(pg_bindir)/pg_ctl" -D "$PEJL_PG_DIR/data" -l "$PEJL_PG_DIR/server.log" -m fast -w restart >/dev/null 2>&1 </dev/null'],
        capture_output=True,
        timeout=120,
        env=dict(os.environ, ROOT=harness.ROOT),
    )
    t.ok(p.returncode == 0, "PostgreSQL restarts", p.stderr.decode("utf-8", "replace")[-2000:])
    v = harness.Client(a, "viewer")
    for srv, label in ((a, "A"), (b, "B")):
        got = []
        for i in range(6):  # every worker thread's connection broke
            v.srv = srv
            got.append(v.get("/api/v1/status?period=2017").status)
        t.eq(got, [401] * 6, "server %s answers every request after the restart (no session: 401)" % label)
        lead.srv = srv
        got = [lead.get("/api/v1/status?period=2017").status for i in range(6)]
        t.eq(got, [200] * 6, "server %s serves a session's status after the restart" % label)
    r = c.get("/api/v1/status?period=2017")
    t.status(r, 401, "server A still knows the ended session is ended after the restart")


def main():
    if not os.environ.get("PEJL_PG_URL"):
        with_pg = os.path.join(HERE, "..", "pg", "with-pg")
        os.execv(with_pg, [with_pg, sys.executable] + sys.argv)
    tap = harness.Tap()
    name = "http_servers_%d" % os.getpid()
    url = "postgresql:///" + name
    servers = []
    try:
        a = harness.Server(tap, db=url)
        servers.append(a)
        a.setup()
        a.start()
        b = harness.Server(tap, db=url)
        servers.append(b)
        b.start()
        tap.note("servers on 127.0.0.1:%d and :%d, database %s" % (a.port, b.port, url))
        body(tap, a, b)
    except Exception:
        tap.ok(False, "the test script ran to its end", traceback.format_exc())
        for s in servers:
            if s.proc is not None:
                tap.note("server log (tail):\n" + s.log()[-3000:])
    finally:
        for s in servers:
            try:
                s.stop()
            finally:
                s.cleanup()
        subprocess.run(
            ["psql", "-XAtq", "-d", "postgres", "-c", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name],
            capture_output=True,
            timeout=60,
        )
    tap.done()


main()
