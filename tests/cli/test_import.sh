# tests/cli/test_import.sh — `pejl import measurements`: a good CSV and its
# summary line, re-importing (nothing added), a changed value (a new
# revision, history kept, status uses the latest), the CSV dialects
# (semicolon, decimal comma, BOM, CRLF, column order, Danish headers, quoted
# cells), all-or-nothing with every problem named as FILE:LINE:COLUMN,
# --dry-run, bad headers, empty and missing files, outlier warnings, XLSX
# (with --sheet), and hostile text stored verbatim but neutralised in CSV.
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/x.db"
# pycheck NAME SCRIPT ARGS...: passes when the python script exits 0 (an
# assert that fails shows its message).
pycheck() {
	local name=$1 script=$2; shift 2
	t "$name" python3 -c "$script" "$@"
}
# summary_is NAME WANT: the import's summary line (stdout) ends with WANT.
summary_is() {
	case "$OUT" in
	*"$2") ok "$1" ;;
	*) not_ok "$1" "wanted a summary ending in: $2
got: $OUT
stderr: $ERR" ;;
	esac
}
list_json() { "$PEJL" --db "${3:-$DB}" measurements list "$1" --format json ${2:+--period "$2"} 2>&1; }

t "init" "$PEJL" --db "$DB" init
t "units add NEWU from 2016-01-01" "$PEJL" --db "$DB" units add NEWU --name "Ny enhed" --kind centre --parent BCV --from 2016-01-01

# --- a good CSV ---------------------------------------------------------------------
GOOD="$TMP/good.csv"
cat >"$GOOD" <<'EOF'
goal,period,unit,group,value,numerator,denominator,state,source,note
1A,2014,,,900,,,,Registret,
1A,2015,,,948,,,ok,,
1A,2016,BCV,homelessness,985,,,estimate,,en note
1C,2016,,,,90,100,,,
1D,2015,,,1536,,,,,
5A,2016Q2,BCH,disability,104,,,,,
2A,2015/16,BBU,,,30,40,,,
EOF
t "import a good CSV" "$PEJL" --db "$DB" import measurements "$GOOD"
summary_is "the summary line counts 7 rows, 7 added" "good.csv: 7 rows; 7 added, 0 revised, 0 unchanged."
expect_not_in "warning" "$ERR" "a good file gives no warnings"

run list_json 1A
pycheck "measurements list 1A --format json shows the imported values" '
import json, sys
d = json.loads(sys.argv[1])
rows = {(r["period"], r["unit"], r["group"]): r for r in d}
assert set(rows) == {("2014", "SOF", ""), ("2015", "SOF", ""), ("2016", "BCV", "homelessness")}, sorted(rows)
r = rows[("2014", "SOF", "")]
assert r["goal"] == "1A" and r["value"] == 900 and r["state"] == "ok" and r["source"] == "Registret", r
assert r["numerator"] is None and r["denominator"] is None and r["note"] is None and r["revision"] == 1, r
assert rows[("2015", "SOF", "")]["value"] == 948, rows[("2015", "SOF", "")]
r = rows[("2016", "BCV", "homelessness")]
assert r["value"] == 985 and r["state"] == "estimate" and r["note"] == "en note", r
' "$OUT"
run list_json 1C
pycheck "a proportion is stored as numerator and denominator" '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 1, d
r = d[0]
assert (r["period"], r["unit"], r["numerator"], r["denominator"], r["value"]) == ("2016", "SOF", 90, 100, None), r
' "$OUT"
run list_json 5A
pycheck "a quarterly goal takes 2016Q2, with unit and group" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["period"], r["unit"], r["group"], r["value"]) for r in d] == [("2016Q2", "BCH", "disability", 104)], d
' "$OUT"
run list_json 2A
pycheck "a school-year goal takes 2015/16" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["period"], r["unit"], r["numerator"], r["denominator"]) for r in d] == [("2015/16", "BBU", 30, 40)], d
' "$OUT"

t "importing the same file again" "$PEJL" --db "$DB" import measurements "$GOOD"
summary_is "the same file again adds nothing" "good.csv: 7 rows; 0 added, 0 revised, 7 unchanged."
run list_json 1A
pycheck "the same file again leaves every row at revision 1" '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 3 and all(r["revision"] == 1 for r in d), d
' "$OUT"

# one value changed: a new revision
sed 's/^1A,2015,,,948,/1A,2015,,,950,/' "$GOOD" >"$TMP/good2.csv" && mv "$TMP/good2.csv" "$GOOD"
t "import with one value changed" "$PEJL" --db "$DB" import measurements "$GOOD"
summary_is "one changed value is 1 revised" "good.csv: 7 rows; 0 added, 1 revised, 6 unchanged."
t "measurements list 1A --history --format json" "$PEJL" --db "$DB" measurements list 1A --history --format json
pycheck "--history shows revision 1 (948) and revision 2 (950), with who and when" '
import json, sys
d = json.loads(sys.argv[1])
h = [r for r in d if r["period"] == "2015"]
assert [(r["revision"], r["value"]) for r in h] == [(1, 948), (2, 950)], h
assert all(r.get("by") and r.get("at") for r in h), h
assert len([r for r in d if r["period"] == "2014"]) == 1, d
' "$OUT"
t "measurements list 1A --history (text)" "$PEJL" --db "$DB" measurements list 1A --history --period 2015
n=$(printf '%s\n' "$OUT" | grep -cE '^2015 +SOF ')
[ "$n" -eq 2 ] && ok "the text history has two rows for 2015" || not_ok "the text history has two rows for 2015" "$OUT"
run list_json 1A 2015
pycheck "the plain listing shows only the latest revision" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["value"], r["revision"]) for r in d] == [(950, 2)], d
' "$OUT"
t "status --period 2015 --format json" "$PEJL" --db "$DB" status --period 2015 --format json
pycheck "status uses the latest revision (950)" '
import json, sys
d = json.loads(sys.argv[1])
g = [g for p in d["pejlemaerker"] for g in p["goals"] if g["code"] == "1A"][0]
assert g["value"] == 950 and g["value_period"] == "2015", g
' "$OUT"

# --- CSV dialects ------------------------------------------------------------------
FDB="$TMP/f.db"
t "init a second database for the dialects" "$PEJL" --db "$FDB" init

printf '\357\273\277goal;period;unit;value;numerator;denominator\n1B;2014;;520,0;;\n1C;2014;BCV;;45,00;50\n' >"$TMP/semi.csv"
t "semicolon separated, decimal comma, UTF-8 BOM" "$PEJL" --db "$FDB" import measurements "$TMP/semi.csv"
summary_is "the semicolon file has 2 rows, 2 added" "2 rows; 2 added, 0 revised, 0 unchanged."
run list_json 1B 2014 "$FDB"
pycheck "520,0 is read as 520 (the BOM does not hide the goal column)" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["value"]) for r in d] == [("SOF", 520)], d
' "$OUT"
run list_json 1C 2014 "$FDB"
pycheck "45,00 is read as 45" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["numerator"], r["denominator"]) for r in d] == [("BCV", 45, 50)], d
' "$OUT"

printf 'goal,period,value,state\r\n1B,2015,510,ok\r\n1B,2016,500,estimate\r\n' >"$TMP/crlf.csv"
t "CRLF line ends" "$PEJL" --db "$FDB" import measurements "$TMP/crlf.csv"
summary_is "the CRLF file has 2 rows, 2 added" "2 rows; 2 added, 0 revised, 0 unchanged."
run list_json 1B "" "$FDB"
pycheck "CRLF: no CR left in the last column or the periods" '
import json, sys
d = json.loads(sys.argv[1])
got = {r["period"]: (r["value"], r["state"]) for r in d}
assert got == {"2014": (520, "ok"), "2015": (510, "ok"), "2016": (500, "estimate")}, got
' "$OUT"

printf 'note,value,unit,period,goal\nomvendt,494,BBU,2016,1B\n' >"$TMP/order.csv"
t "columns in a different order" "$PEJL" --db "$FDB" import measurements "$TMP/order.csv"
run list_json 1B 2016 "$FDB"
pycheck "columns are found by their header names" '
import json, sys
d = json.loads(sys.argv[1])
r = [r for r in d if r["unit"] == "BBU"]
assert len(r) == 1 and r[0]["value"] == 494 and r[0]["note"] == "omvendt", d
' "$OUT"

printf 'Mål,Periode,enhed,gruppe,værdi,tæller,nævner,tilstand,kilde,bemærkning\n1C,2015,BCH,disability,,33,60,skøn,dansk kilde,dansk note\n1B,2013,BCH,,7,,,,,\n' >"$TMP/dansk.csv"
t "Danish header names (mål, periode, enhed, værdi, tæller, nævner …)" "$PEJL" --db "$FDB" import measurements "$TMP/dansk.csv"
summary_is "the Danish file has 2 rows, 2 added" "2 rows; 2 added, 0 revised, 0 unchanged."
expect_not_in "unknown column" "$ERR" "no Danish header is reported as unknown"
run list_json 1C 2015 "$FDB"
pycheck "the Danish columns land in the right fields" '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 1, d
r = d[0]
assert (r["unit"], r["group"], r["numerator"], r["denominator"], r["state"], r["source"], r["note"]) == \
    ("BCH", "disability", 33, 60, "estimate", "dansk kilde", "dansk note"), r
' "$OUT"
run list_json 1B 2013 "$FDB"
pycheck "værdi is the value" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["value"]) for r in d] == [("BCH", 7)], d
' "$OUT"

# header names are case-insensitive, Danish letters included
printf 'M\303\205L;PERIODE;ENHED;V\303\206RDI\n1B;2012;;530\n' >"$TMP/upper.csv"
printf 'M\303\205L;PERIODE;ENHED;T\303\206LLER;N\303\206VNER\n1C;2012;BCV;20;40\n' >"$TMP/upper2.csv"
t "upper-case Danish headers (MÅL, VÆRDI) are recognised" "$PEJL" --db "$FDB" import measurements "$TMP/upper.csv" --dry-run
t "upper-case Danish headers (TÆLLER, NÆVNER) are recognised" "$PEJL" --db "$FDB" import measurements "$TMP/upper2.csv"
run list_json 1C 2012 "$FDB"
pycheck "TÆLLER and NÆVNER land in numerator and denominator" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["numerator"], r["denominator"]) for r in d] == [("BCV", 20, 40)], d
' "$OUT"

printf 'goal,period,value,source,note\n1B,2017,481,"Danmarks Statistik, tabel BOL1","en ""citeret"" note,\nover to linjer"\n' >"$TMP/quoted.csv"
t "quoted cells with a comma, a quote and a line break" "$PEJL" --db "$FDB" import measurements "$TMP/quoted.csv"
summary_is "the quoted file: 1 added" "; 1 added, 0 revised, 0 unchanged."
expect_in "quoted.csv: 1 row" "$OUT" "the quoted file has 1 row (a line break inside quotes is not a new row)"
run list_json 1B 2017 "$FDB"
pycheck "quoted cells are stored whole" '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 1, d
assert d[0]["value"] == 481 and d[0]["source"] == "Danmarks Statistik, tabel BOL1", d
assert d[0]["note"] == "en \"citeret\" note,\nover to linjer", d
' "$OUT"

# --- all or nothing ------------------------------------------------------------------
BAD="$TMP/bad.csv"
cat >"$BAD" <<'EOF'
goal,period,unit,group,value,numerator,denominator,state,source,note
1A,2017,,,1020,,,,,
ZZ,2016,,,5,,,,,
1A,2017Q5,,,5,,,,,
1A,2017Q1,,,5,,,,,
1D,2014,,,1500,,,,,
1A,2016,NOPE,,5,,,,,
1A,2015,NEWU,,5,,,,,
1A,2015,BCV,nogroup,5,,,,,
1C,2017,,,,60,50,,,
1A,2013,BCH,,-3,,,,,
1C,2015,BBU,,55.0,,,,,
1A,2014,BBU,,abc,,,,,
1A,2014,BCH,,7,,,maybe,,
1C,2017,BCV,,,40,50,,,
1C,2017,BCV,,,41,50,,,
1A,2016,NEWU,,12,,,,,
EOF
before_1a=$(list_json 1A) before_1c=$(list_json 1C) before_1d=$(list_json 1D)
before_status=$("$PEJL" --db "$DB" status --format json 2>&1)
t_exit 1 "a file with bad rows exits 1" "$PEJL" --db "$DB" import measurements "$BAD"
B=$BAD
expect_in "$B:3:1: error: goal: \"ZZ\"" "$ERR" "line 3: an unknown goal, column 1 (goal)"
expect_in "$B:4:2: error: period: \"2017Q5\" is not a period" "$ERR" "line 4: 2017Q5 is not a period, column 2"
expect_in "$B:5:2: error: period: \"2017Q1\" is a quarter" "$ERR" "line 5: a quarter for a yearly goal"
expect_in "$B:6:2: error: period: goal 1D is measured every second year" "$ERR" "line 6: 1D (biennial) in the off year 2014"
expect_in "$B:7:3: error: unit: \"NOPE\" is not a unit" "$ERR" "line 7: an unknown unit, column 3"
expect_in "$B:8:3: error: unit: NEWU did not exist in 2015" "$ERR" "line 8: a unit that did not exist in the period"
expect_in "$B:9:4: error: group: \"nogroup\"" "$ERR" "line 9: an unknown group, column 4"
expect_in "$B:10:6: error: numerator:" "$ERR" "line 10: numerator > denominator, at the numerator"
expect_in "larger than the denominator" "$ERR" "the numerator problem says it is larger than the denominator"
expect_in "$B:11:5: error: value: a count cannot be negative" "$ERR" "line 11: a negative count, column 5"
expect_in "$B:12:6: error: numerator: is required" "$ERR" "line 12: a proportion given only as a value needs numerator/denominator"
expect_in "$B:13:5: error: value: \"abc\" is not a number" "$ERR" "line 13: abc is not a number, column 5"
expect_in "$B:14:8: error: state: \"maybe\"" "$ERR" "line 14: state maybe, column 8"
expect_in "$B:16:1: error: the same goal, period, unit and group as line 15" "$ERR" "line 16: a duplicate of line 15"
nerr=$(printf '%s\n' "$ERR" | grep -c ': error: ')
[ "$nerr" -eq 13 ] && ok "exactly 13 problems are reported (none for the good lines 2 and 17)" ||
	not_ok "exactly 13 problems are reported (none for the good lines 2 and 17)" "$ERR"
expect_not_in "$B:2:" "$ERR" "the good line 2 is not reported"
expect_not_in "$B:17:" "$ERR" "the good line 17 is not reported"
expect_in "13 mistakes; nothing was imported" "$ERR" "the last line counts the mistakes and says nothing was imported"
expect_not_in "added" "$OUT" "no summary line on stdout after a failed import"
[ "$(list_json 1A)" = "$before_1a" ] && ok "nothing stored for 1A (the good rows neither)" || not_ok "nothing stored for 1A (the good rows neither)" "$(list_json 1A)"
[ "$(list_json 1C)" = "$before_1c" ] && ok "nothing stored for 1C" || not_ok "nothing stored for 1C" "$(list_json 1C)"
[ "$(list_json 1D)" = "$before_1d" ] && ok "nothing stored for 1D" || not_ok "nothing stored for 1D" "$(list_json 1D)"
[ "$("$PEJL" --db "$DB" status --format json 2>&1)" = "$before_status" ] && ok "status --format json is unchanged" ||
	not_ok "status --format json is unchanged"
run list_json 1A 2016
expect_not_in "NEWU" "$OUT" "the good NEWU row of the bad file was not stored"

# the whole organisation given as an empty unit and as its code is the same key
printf 'goal,period,unit,value\n1B,2014,,520\n1B,2014,SOF,521\n' >"$TMP/dup.csv"
t_exit 1 "an empty unit and SOF are the same key" "$PEJL" --db "$DB" import measurements "$TMP/dup.csv"
expect_in "$TMP/dup.csv:3:1: error: the same goal, period, unit and group as line 2" "$ERR" "the duplicate names line 2"

# a reader error (invalid UTF-8) also names the place and stores nothing
printf 'goal,period,value\n1B,2014,520\n1B,2015,5\377\n' >"$TMP/utf.csv"
t_exit 1 "invalid UTF-8 exits 1" "$PEJL" --db "$DB" import measurements "$TMP/utf.csv"
expect_in "$TMP/utf.csv:3:" "$ERR" "the invalid UTF-8 is located at line 3"
run list_json 1B
[ "$OUT" = "[]" ] && ok "nothing stored after the invalid UTF-8" || not_ok "nothing stored after the invalid UTF-8" "$OUT"

# --- --dry-run, bad headers, empty and missing files ---------------------------------
printf 'goal,period,value\n1A,2017,1010\n1A,2015,951\n' >"$TMP/dry.csv"
t "--dry-run of a good file" "$PEJL" --db "$DB" import measurements "$TMP/dry.csv" --dry-run
expect_in "Dry run, nothing stored." "$OUT" "--dry-run says nothing was stored"
summary_is "--dry-run still counts what would happen" "2 rows; 1 added, 1 revised, 0 unchanged."
[ "$(list_json 1A)" = "$before_1a" ] && ok "--dry-run stored nothing" || not_ok "--dry-run stored nothing" "$(list_json 1A)"
t "measurements list 1A --history after --dry-run" "$PEJL" --db "$DB" measurements list 1A --history --period 2015 --format json
pycheck "--dry-run added no revision" '
import json, sys
d = json.loads(sys.argv[1])
assert [r["revision"] for r in d] == [1, 2], d
' "$OUT"
t_exit 1 "--dry-run of a bad file exits 1" "$PEJL" --db "$DB" import measurements "$BAD" --dry-run
expect_in "$B:3:1:" "$ERR" "--dry-run reports the problems too"

printf 'period,value\n2017,5\n' >"$TMP/nogoal.csv"
t_exit 1 "a header without goal exits 1" "$PEJL" --db "$DB" import measurements "$TMP/nogoal.csv"
expect_in "$TMP/nogoal.csv:1" "$ERR" "the missing goal column is reported at line 1"
expect_in '"goal"' "$ERR" "the message names the goal column"
printf 'goal,value\n1A,5\n' >"$TMP/noperiod.csv"
t_exit 1 "a header without period exits 1" "$PEJL" --db "$DB" import measurements "$TMP/noperiod.csv"
expect_in '"period"' "$ERR" "the message names the period column"
: >"$TMP/empty.csv"
t_exit 1 "an empty file exits 1" "$PEJL" --db "$DB" import measurements "$TMP/empty.csv"
expect_in "empty" "$ERR" "the message says the file is empty"
t_exit 3 "a missing file exits 3" "$PEJL" --db "$DB" import measurements "$TMP/no-such-file.csv"
expect_in "no-such-file.csv" "$ERR" "the message names the missing file"
t_exit 2 "no file at all is a usage error" "$PEJL" --db "$DB" import measurements
[ "$(list_json 1A)" = "$before_1a" ] && ok "the failed imports stored nothing" || not_ok "the failed imports stored nothing" "$(list_json 1A)"

# --- outliers ---------------------------------------------------------------------------
# 1A for SOF has 900 (2014) and 950 (2015) stored
printf 'goal,period,value\n1A,2016,980\n' >"$TMP/normal.csv"
t "a value inside the usual range imports" "$PEJL" --db "$DB" import measurements "$TMP/normal.csv"
expect_not_in "warning" "$ERR" "a value inside the usual range gives no warning"
printf 'goal,period,value\n1A,2017,50000\n' >"$TMP/outlier.csv"
t "a value far outside the history still imports (exit 0)" "$PEJL" --db "$DB" import measurements "$TMP/outlier.csv"
expect_in "$TMP/outlier.csv:2:3: warning:" "$ERR" "the warning names FILE:LINE:COLUMN of the value"
expect_in "far outside the stored history" "$ERR" "the warning says the value is far outside the history"
expect_in "50000" "$ERR" "the warning names the value"
summary_is "the summary points at the warnings" "; 1 added, 0 revised, 0 unchanged (see the warnings above)."
run list_json 1A 2017
pycheck "the outlier was stored" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["value"]) for r in d] == [("SOF", 50000)], d
' "$OUT"

# --- XLSX ---------------------------------------------------------------------------------
# A minimal workbook written by hand (no openpyxl): inline strings, numbers
# and shared strings, one or more sheets.
cat >"$TMP/mkxlsx.py" <<'EOF'
import sys, zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def sheet_xml(rows):
    out = [HEAD, '<worksheet xmlns="%s"><sheetData>' % MAIN]
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            ref = "%s%d" % (col(c), r)
            if v is None:
                continue
            if isinstance(v, (int, float)):
                out.append('<c r="%s"><v>%r</v></c>' % (ref, v))
            elif isinstance(v, tuple):  # ("s", i): shared string i
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, v[1]))
            else:
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v)))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)

def write(path, sheets, shared=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        ct = [HEAD, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
        for i in range(len(sheets)):
            ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1))
        if shared is not None:
            ct.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        ct.append("</Types>")
        z.writestr("[Content_Types].xml", "".join(ct))
        z.writestr("_rels/.rels", HEAD + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL))
        wb = [HEAD, '<workbook xmlns="%s" xmlns:r="%s"><sheets>' % (MAIN, REL)]
        rels = [HEAD, '<Relationships xmlns="%s">' % PKG]
        for i, (name, rows) in enumerate(sheets):
            wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name, {'"': "&quot;"}), i + 1, i + 1))
            rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, REL, i + 1))
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), sheet_xml(rows))
        if shared is not None:
            rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (len(sheets) + 1, REL))
            z.writestr("xl/sharedStrings.xml", HEAD + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
                       % (MAIN, len(shared), len(shared), "".join("<si><t>%s</t></si>" % escape(s) for s in shared)))
        wb.append("</sheets></workbook>")
        rels.append("</Relationships>")
        z.writestr("xl/workbook.xml", "".join(wb))
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))

if sys.argv[1] == "good":
    write(sys.argv[2], [
        ("Data", [[("s", 0), ("s", 1), "unit", ("s", 2), "numerator", "denominator", "source"],
                  ["1E", "2013", None, 351, None, None, ("s", 3)],
                  ["1E", 2015, "BCV", 372.5, None, None, "tal, med komma"],
                  ["6A", "2016", "BBU", None, 30, 40, None]]),
        ("Andet ark", [["goal", "period", "value"], ["1E", "2017", 392]]),
    ], ["goal", "period", "value", "Delt kilde"])
else:
    write(sys.argv[2], [("Ark1", [["goal", "period", "unit", "value"],
                                   ["1E", "2013", None, 10],
                                   [None],
                                   ["1E", "2015", "NOPE", 11],
                                   ["1E", "2017", None, "abc"]])])
EOF
XDB="$TMP/xl.db"
t "init a database for XLSX" "$PEJL" --db "$XDB" init
t "write a minimal XLSX with python3" python3 "$TMP/mkxlsx.py" good "$TMP/m.xlsx"
t "import the XLSX (first sheet)" "$PEJL" --db "$XDB" import measurements "$TMP/m.xlsx"
summary_is "the XLSX's first sheet has 3 rows, 3 added" "m.xlsx: 3 rows; 3 added, 0 revised, 0 unchanged."
run list_json 1E "" "$XDB"
pycheck "XLSX: inline and shared strings and numbers are read (2015 as a number is the period 2015)" '
import json, sys
d = json.loads(sys.argv[1])
got = sorted((r["period"], r["unit"], r["value"], r["source"]) for r in d)
assert got == [("2013", "SOF", 351, "Delt kilde"), ("2015", "BCV", 372.5, "tal, med komma")], got
' "$OUT"
run list_json 6A "" "$XDB"
pycheck "XLSX: a proportion row" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["period"], r["unit"], r["numerator"], r["denominator"]) for r in d] == [("2016", "BBU", 30, 40)], d
' "$OUT"
t "import the XLSX again" "$PEJL" --db "$XDB" import measurements "$TMP/m.xlsx"
summary_is "the same XLSX again adds nothing" "3 rows; 0 added, 0 revised, 3 unchanged."
t "--sheet picks the second sheet" "$PEJL" --db "$XDB" import measurements "$TMP/m.xlsx" --sheet "Andet ark"
summary_is "the second sheet: 1 added" "; 1 added, 0 revised, 0 unchanged."
expect_in "m.xlsx: 1 row" "$OUT" "the second sheet has 1 row"
run list_json 1E 2017 "$XDB"
pycheck "the second sheet's row is stored" '
import json, sys
d = json.loads(sys.argv[1])
assert [(r["unit"], r["value"]) for r in d] == [("SOF", 392)], d
' "$OUT"
t_exit 1 "an unknown sheet name exits 1" "$PEJL" --db "$XDB" import measurements "$TMP/m.xlsx" --sheet Nope
expect_in '"Nope"' "$ERR" "the message names the sheet asked for"
expect_in '"Data"' "$ERR" "the message names the available sheet Data"
expect_in '"Andet ark"' "$ERR" "the message names the available sheet Andet ark"
t "write a bad XLSX" python3 "$TMP/mkxlsx.py" bad "$TMP/bad.xlsx"
t_exit 1 "an XLSX with bad cells exits 1" "$PEJL" --db "$XDB" import measurements "$TMP/bad.xlsx"
expect_in "$TMP/bad.xlsx:4:3: error: unit: \"NOPE\"" "$ERR" "XLSX problems are located by sheet row and column (row 4, C)"
expect_in "$TMP/bad.xlsx:5:4: error: value: \"abc\"" "$ERR" "XLSX: abc in row 5, column D"
run list_json 1E 2013 "$XDB"
pycheck "the bad XLSX stored nothing" '
import json, sys
d = json.loads(sys.argv[1])
assert [r["value"] for r in d] == [351], d
' "$OUT"

# --- hostile text ---------------------------------------------------------------------------
cat >"$TMP/hostile.csv" <<'EOF'
goal,period,value,source,note
1B,2014,520,<script>alert(1)</script>,"'; DROP TABLE observation; --"
1B,2015,510,=1+1,"<img src=x onerror=alert(1)>"
EOF
t "import hostile source and note" "$PEJL" --db "$XDB" import measurements "$TMP/hostile.csv"
t "measurements list 1B --format json" "$PEJL" --db "$XDB" measurements list 1B --format json
pycheck "hostile strings are stored verbatim" '
import json, sys
d = {r["period"]: r for r in json.loads(sys.argv[1])}
assert d["2014"]["source"] == "<script>alert(1)</script>", d["2014"]
assert d["2014"]["note"] == "'"'"'; DROP TABLE observation; --", d["2014"]
assert d["2015"]["source"] == "=1+1", d["2015"]
assert d["2015"]["note"] == "<img src=x onerror=alert(1)>", d["2015"]
' "$OUT"
t "the observation table survived" "$PEJL" --db "$XDB" measurements list 1E --format json
t "measurements list 1B --format csv" "$PEJL" --db "$XDB" measurements list 1B --format csv
pycheck "CSV output neutralises =1+1 as '=1+1 and keeps the others" '
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
d = {r["period"]: r for r in rows}
assert d["2015"]["source"] == "'"'"'=1+1", d["2015"]
assert d["2014"]["source"] == "<script>alert(1)</script>", d["2014"]
assert d["2014"]["note"] == "'"'"'; DROP TABLE observation; --", d["2014"]
' "$OUT"

done_testing
