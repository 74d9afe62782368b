#!/usr/bin/env python3
"""bench/gen_feedback.py — citizen feedback at the scale of issue 5.

Writes OUT/feedback-YYYY.csv (the feedback CSV of DESIGN §7), 2014–2017:
250,000 episodes in all over the 240 services of bench/gen_scale.py, with
2,000,000 sessions (8 per episode on average), each session one ORS and one
SRS form (4,000,000 rows). Adults only (ORS/SRS); about one citizen in five
has two episodes. Episodes that start in a year are in that year's file; those
still running at the end of 2017 stay open. Deterministic (a fixed seed)."""
import os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
os.makedirs(out, exist_ok=True)
rnd = random.Random(2017)

centres = [f"C{k % 15 % 4}-F{k % 15}-Z{k}" for k in range(40)]
services = [f"{centres[k % 40]}-T{k}" for k in range(240)]

EPISODES, SESSIONS = 250_000, 2_000_000
years = [2014, 2015, 2016, 2017]
per_year = EPISODES // len(years)

def cpr(i):
    # a real date 1950-01-01 + i % 18000 days, 7th digit 0-3 (1900s), serial from i
    import datetime
    d = datetime.date(1950, 1, 1) + datetime.timedelta(days=i % 18000)
    return f"{d.day:02d}{d.month:02d}{d.year % 100:02d}-{(i // 18000) % 4}{i % 1000:03d}"

def items(total, n=4):
    t = max(0, min(400, int(round(total * 10))))
    q, r = divmod(t, n)
    vals = [q + (1 if i < r else 0) for i in range(n)]
    return ",".join(f"{v // 10}.{v % 10}" for v in vals)

import datetime
header = "episode,cpr,unit,practitioner,date,session,instrument,i1,i2,i3,i4,rater,skipped,end_date,end_reason\n"
ep = 0
rows = 0
sessions_left = SESSIONS
for y in years:
    with open(os.path.join(out, f"feedback-{y}.csv"), "w") as f:
        f.write(header)
        for k in range(per_year):
            ep += 1
            ns = 1 + (ep * 7) % 15  # 1..15, every value once in 15 episodes: mean 8
            sessions_left -= ns
            citizen = ep if rnd.random() > 0.2 else max(1, ep - rnd.randint(1, 5000))
            ui = rnd.randrange(240); unit = services[ui]
            start = datetime.date(y, 1, 1) + datetime.timedelta(days=rnd.randrange(330))
            intake = max(0.0, min(40.0, rnd.gauss(19, 6)))
            gain = rnd.gauss(6, 6)
            alliance = max(20.0, min(40.0, rnd.gauss(36, 3)))
            closed = start + datetime.timedelta(days=7 * ns) < datetime.date(2018, 1, 1) and rnd.random() < 0.9
            end = start + datetime.timedelta(days=7 * (ns - 1) + rnd.randrange(1, 14)) if closed else None
            reason = ("planned" if rnd.random() < 0.75 else "unplanned") if closed else ""
            code = f"B{ep:06d}"
            c = cpr(citizen)
            for s in range(1, ns + 1):
                date = start + datetime.timedelta(days=7 * (s - 1))
                score = intake + gain * (1 - 0.7 ** (s - 1)) + rnd.gauss(0, 1.5)
                e = end.isoformat() if end and s == ns else ""
                r = reason if e else ""
                f.write(f"{code},{c},{unit},p{ui % 9},{date},{s},ORS,{items(score)},self,0,{e},{r}\n")
                f.write(f"{code},{c},{unit},p{ui % 9},{date},{s},SRS,{items(alliance + rnd.gauss(0, 1))},self,0,{e},{r}\n")
                rows += 2
print(f"{ep} episodes, {SESSIONS - sessions_left} sessions, {rows} form rows in {out}/feedback-*.csv")
