#!/usr/bin/env python3
"""bench/gen_scale.py — a synthetic database at Copenhagen scale (DESIGN §8).

Writes OUT/strategy.json (one strategy: 10 pejlemærker × 6 goals = 60 goals;
300 units: 1 administration, 4 citizen centres, 15 centre communities, 40
centres, 240 services; 8 target groups) and OUT/obs.csv with one row per
goal × period × service × group, 2013–2022: 48 yearly goals (10 periods),
6 quarterly (40), 6 biennial (5) → 1,440,000 rows. The first 1,000,000 rows
go to OUT/obs-1m.csv, the rest to OUT/obs-rest.csv.
Everything is deterministic (a fixed seed)."""
import json, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
os.makedirs(out, exist_ok=True)
rnd = random.Random(2014)

units = [{"code": "SOF", "name": "Socialforvaltningen (bench)", "kind": "administration",
          "valid_from": "2010-01-01", "valid_to": None}]
services = []
for c in range(4):
    cc = f"C{c}"
    units.append({"code": cc, "name": f"Borgercenter {c}", "kind": "citizen_centre", "parent": "SOF",
                  "valid_from": "2010-01-01", "valid_to": None})
for k in range(15):
    cm = f"C{k % 4}-F{k}"
    units.append({"code": cm, "name": f"Centerfællesskab {k}", "kind": "centre_community",
                  "parent": f"C{k % 4}", "valid_from": "2010-01-01", "valid_to": None})
communities = [u["code"] for u in units if u["kind"] == "centre_community"]
centres = []
for k in range(40):
    ce = f"{communities[k % 15]}-Z{k}"
    centres.append(ce)
    units.append({"code": ce, "name": f"Center {k}", "kind": "centre", "parent": communities[k % 15],
                  "valid_from": "2010-01-01", "valid_to": None})
for k in range(240):
    sv = f"{centres[k % 40]}-T{k}"
    services.append(sv)
    units.append({"code": sv, "name": f"Tilbud {k}", "kind": "service", "parent": centres[k % 40],
                  "valid_from": "2010-01-01", "valid_to": None})
assert len(units) == 300
groups = [{"code": f"g{i}", "name": f"Målgruppe {i}", "name_en": f"Group {i}"} for i in range(8)]

goals = []
kinds = (["count"] * 24 + ["proportion"] * 24 + ["mean"] * 6 + ["rate"] * 6)
cadences = ["yearly"] * 48 + ["quarterly"] * 6 + ["biennial"] * 6
rnd.shuffle(kinds)
pms = []
for p in range(10):
    gl = []
    for j in range(6):
        i = p * 6 + j
        code = f"{p + 1}{chr(65 + j)}"
        m, cad = kinds[i], cadences[i]
        g = {"code": code, "title": f"Delmål {code} (bench)", "definition": "Syntetisk benchmark-mål.",
             "measure": m, "direction": "up" if i % 2 == 0 else "down",
             "sampling": "sample" if m in ("proportion", "mean") and i % 3 == 0 else "census",
             "cadence": cad, "version": {"date": "2014-09-17", "decision": "bench"}}
        if m == "rate":
            g["rate_factor"] = 1000
        if j == 0:
            g["main"] = True
        if cad == "yearly" and m == "count":
            g["baseline"] = {"period": "2013", "value": 1000}
            g["target"] = {"kind": "level", "value": 1200 if g["direction"] == "up" else 800, "period": "2020"}
        gl.append(g)
        goals.append(g)
    pms.append({"number": p + 1, "title": f"Pejlemærke {p + 1} (bench)", "goals": gl})
doc = {"format": "pejl-strategy/1",
       "strategy": {"code": "bench", "name": "Benchmark-strategi", "valid_from": 2013, "valid_to": 2022,
                    "principles": [], "pejlemaerker": pms},
       "units": units, "target_groups": groups}
with open(os.path.join(out, "strategy.json"), "w") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)

def periods(cad):
    if cad == "yearly":
        return [str(y) for y in range(2013, 2023)]
    if cad == "biennial":
        return [str(y) for y in range(2013, 2023, 2)]
    return [f"{y}Q{q}" for y in range(2013, 2023) for q in range(1, 5)]

header = "goal,period,unit,group,value,numerator,denominator,n,sd\n"
f1 = open(os.path.join(out, "obs-1m.csv"), "w")
f2 = open(os.path.join(out, "obs-rest.csv"), "w")
f1.write(header); f2.write(header)
n = 0
for g in goals:
    m = g["measure"]
    for per in periods(g["cadence"]):
        lines = []
        for sv in services:
            for gr in range(8):
                r = rnd.random()
                if m == "count":
                    row = f"{g['code']},{per},{sv},g{gr},{int(r * 20)},,,,\n"
                elif m in ("proportion", "rate"):
                    den = 40 + int(r * 60)
                    row = f"{g['code']},{per},{sv},g{gr},,{int(den * r * 0.9)},{den},,\n"
                else:
                    row = f"{g['code']},{per},{sv},g{gr},{20 + r * 10:.2f},,,{10 + int(r * 30)},{4 + r:.2f}\n"
                lines.append(row)
        for row in lines:
            (f1 if n < 1000000 else f2).write(row)
            n += 1
f1.close(); f2.close()
print(f"{len(units)} units, {len(goals)} goals, {len(groups)} groups, {n} observation rows -> {out}")
