/*
 * style.c — the stylesheet shared by the web application (served by
 * src/web/static.c) and the public edition (written by io/publish.c, with
 * the edition's own rules after it). Colours meet WCAG AA contrast on
 * white; focus is always visible; verdicts carry text, not only colour.
 */
#include "io/style.h"

const char style_css[] =
	":root{--ink:#1a1a1a;--muted:#555;--line:#c8c8c8;--brand:#1f4e79;--bg:#fff;}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--bg)}\n"
	"a{color:var(--brand)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #b35900;outline-offset:2px}\n"
	".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}\n"
	".top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f4f6f9}\n"
	".top nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}.brand{font-weight:700;margin:0}.brand a{text-decoration:none}\n"
	".logout,.lang{margin:0 0 0 auto}.logout span{color:var(--muted)}\n"
	"main{max-width:72rem;margin:0 auto;padding:1rem}footer{color:var(--muted);padding:1rem;border-top:1px solid var(--line);font-size:.9rem}\n"
	"table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
	"th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}thead th{border-bottom:2px solid var(--ink)}\n"
	"tr.why td{color:var(--muted);font-size:.92rem;border-bottom:1px solid var(--line)}\n"
	".verdict{display:inline-block;padding:0 .4rem;border:2px solid;border-radius:.3rem;font-weight:600;white-space:nowrap}\n"
	".v-met{color:#0b5d1e}.v-on_track{color:#0b5d1e}.v-progress{color:#1f4e79}.v-no_change{color:#555}\n"
	".v-decline{color:#a4000f}.v-no_data{color:#555}.v-not_comparable{color:#6b3f00}\n"
	".verdict.v-on_track{border-style:dashed}.verdict.v-no_data,.verdict.v-not_comparable{border-style:dotted}\n"
	".count{display:inline-block;margin-right:.5rem;font-size:.9rem}.trend{font-weight:700;white-space:nowrap}\n"
	"select,input,textarea{font:inherit}.top nav ul{flex-wrap:wrap}\n"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
	".form label{display:block;font-weight:600}.form input,.form select,.form textarea{font:inherit;padding:.3rem;min-width:18rem;max-width:100%}\n"
	"button{font:inherit;padding:.35rem .9rem;border:2px solid var(--brand);background:var(--brand);color:#fff;border-radius:.3rem;cursor:pointer}\n"
	".logout button{background:#fff;color:var(--brand)}.inline{display:inline-block}.inline label{display:inline}\n"
	".errors{border:2px solid #a4000f;padding:.5rem 1rem;margin:1rem 0}.errors h2{margin:.2rem 0;font-size:1.1rem;color:#a4000f}\n"
	".error{color:#a4000f;font-weight:600}.ok{color:#0b5d1e;font-weight:600}.where{font-family:monospace}\n"
	"li.warning{color:#6b3f00}.crumbs{color:var(--muted)}.lead{font-size:1.1rem}\n"
	"figure.chart{margin:1rem 0}figure.chart svg{width:100%;height:auto;max-width:48rem}\n"
	".tree{list-style:none;padding:0}.tree .code{font-family:monospace;display:inline-block;min-width:8rem}.tree .kind{color:var(--muted)}\n"
	".scroll{overflow-x:auto}ul.alerts{margin:0;padding-left:1rem}\n"
	".d1{padding-left:1.5rem}.d2{padding-left:3rem}.d3{padding-left:4.5rem}.d4{padding-left:6rem}.d5{padding-left:7.5rem}\n"
	"dl.definition dt{font-weight:600}dl.definition dd{margin:0 0 .5rem 0}\n"
	".comment{border-left:4px solid var(--line);padding-left:1rem;margin:1rem 0}.meta{color:var(--muted);font-size:.9rem}\n"
	".pstatus{display:inline-block;padding:0 .4rem;border:2px solid;border-radius:.3rem;font-weight:600}\n"
	".ps-approved{color:#0b5d1e}.ps-draft{color:#6b3f00;border-style:dashed}.ps-archived{color:#555;border-style:dotted}\n"
	".istatus{color:var(--muted)}.gap,.late{color:#a4000f;font-weight:600}.note{color:var(--muted)}\n"
	".initiative{border-left:4px solid var(--line);padding-left:1rem;margin:1.5rem 0}\n"
	"ul.thread{margin:.2rem 0 1rem}.code{font-family:monospace}.hint{display:block;color:var(--muted);font-size:.9rem}\n"
	"fieldset{border:1px solid var(--line);margin:1rem 0}.check{margin:.1rem 0}.check label{display:inline;font-weight:400}\n"
	"details.edit-initiative{margin:.5rem 0}details.edit-initiative summary{cursor:pointer;font-weight:600;color:var(--brand)}\n"
	".form .check input{min-width:0}.filter{margin:.5rem 1rem .5rem 0}button.secondary{background:#fff;color:var(--brand)}\n"
	"@media print{.top nav,.logout,.lang,form,.skip{display:none}a{color:inherit;text-decoration:none}}\n";

const size_t style_css_len = sizeof style_css - 1;

/* The edition's additions: wide tables scroll on a phone, and on paper the
 * navigation goes, text is black, and sections and tables keep together. */
const char style_edition_css[] =
	".wide{overflow-x:auto}table.breakdown td,table.breakdown thead th+th{text-align:right;white-space:nowrap}table.breakdown tr.total th,table.breakdown tr.total td{font-weight:600;border-top:2px solid var(--ink)}\n"
	".note{color:var(--muted);font-size:.9rem}nav a[aria-current]{font-weight:700;text-decoration:none}\n"
	"table.rules th{white-space:nowrap}.report section.pm{margin-top:2rem}\n"
	"@media print{\n"
	"@page{size:A4;margin:18mm 15mm}\n"
	"body{font:10.5pt/1.4 Georgia,'Times New Roman',serif;color:#000}main{max-width:none;padding:0}\n"
	"header.top,footer{border:0;background:none;padding:0}.top nav,.lang,.skip{display:none}\n"
	"h1,h2,h3{page-break-after:avoid;break-after:avoid}tr,figure,.comment{page-break-inside:avoid;break-inside:avoid}\n"
	".report section.pm{page-break-before:always;break-before:page}thead{display:table-header-group}\n"
	"figure.chart svg{max-width:16cm}.verdict{border-width:1px}a{color:#000;text-decoration:none}\n"
	".wide{overflow:visible}.note,.crumbs{color:#333}}\n";
const size_t style_edition_css_len = sizeof style_edition_css - 1;
