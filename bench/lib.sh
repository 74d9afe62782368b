# bench/lib.sh — helpers of bench/run and bench/pg-scale (bash).
#
# timed FILE CMD…   runs CMD and writes "SECONDS PEAK_RSS_MIB" of it to FILE
timed() {
	local out=$1; shift
	python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.monotonic()
rc = subprocess.run(sys.argv[2:]).returncode
t = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
open(sys.argv[1], "w").write("%.3f %.1f\n" % (t, rss))
sys.exit(rc)
PY
}
