// openapi.test.mjs — the OpenAPI document (src/web/openapi.json, served at
// /api/v1/openapi.json) validates against the official OpenAPI 3.0 schema,
// and every API route of the route table is documented and vice versa.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";

const root = process.env.ROOT || process.cwd();
let n = 0, failed = 0;
const ok = (cond, name, diag) => {
  n++;
  if (cond) console.log(`ok ${n} - ${name}`);
  else { failed++; console.log(`not ok ${n} - ${name}`); if (diag) console.log(String(diag).replace(/^/gm, "#   ")); }
};

const text = readFileSync(join(root, "src/web/openapi.json"), "utf8");
const doc = JSON.parse(text);
const validator = new Validator();
const res = await validator.validate(doc);
ok(res.valid, "openapi.json validates against the OpenAPI 3.0 schema", JSON.stringify(res.errors, null, 1));
ok(validator.version.startsWith("3.0"), `the document is OpenAPI ${validator.version}`);

// routes.c: {"METHOD", "/api/v1/…", …}
const routes = readFileSync(join(root, "src/web/routes.c"), "utf8");
const api = [...routes.matchAll(/\{"(GET|POST|DELETE|PUT|PATCH)", "(\/api\/v1\/[^"]*)"/g)]
  .map(([, m, p]) => [m.toLowerCase(), p.replace(/\{\}/, "{param}")]);
const documented = [];
for (const [path, item] of Object.entries(doc.paths))
  for (const m of Object.keys(item))
    if (["get", "post", "delete", "put", "patch"].includes(m)) documented.push([m, path.replace(/\{[^}]+\}/, "{param}")]);
const key = ([m, p]) => `${m} ${p}`;
const docSet = new Set(documented.map(key)), routeSet = new Set(api.map(key));
for (const r of api) ok(docSet.has(key(r)), `route ${key(r)} is documented`);
for (const d of documented) ok(routeSet.has(key(d)), `documented ${key(d)} is a route`);
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
