// tests/browser/lib.mjs — the harness for the browser tests: a fresh demo
// database with one user per role (USERS) and a pseudonym key (env.key, given
// to the server as PEJL_KEY), a real `pejl serve` on a free port of
// 127.0.0.1, Debian's chromium driven by playwright-core, a TAP reporter,
// and cleanup (server SIGTERM, browser closed, temp dir removed) on every
// way out. Every wait is bounded; the browser may only talk to 127.0.0.1.
//
//   import { suite } from './lib.mjs';
//   await suite('name', async (t, env) => {
//     const page = await env.newPage();
//     await env.login(page, 'ana');
//     await t.test('overview shows nine rows', async () => { ... throw on failure ... });
//     t.ok(cond, 'name', 'diagnostic when it fails');
//   });
//
// The runner (tests/run) sets PEJL (the binary) and ROOT (the repository).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const ROOT = process.env.ROOT || path.resolve(here, '../..');
export const PEJL = process.env.PEJL || path.join(ROOT, 'build/pejl');
export const CHROMIUM = process.env.PEJL_CHROMIUM || '/usr/bin/chromium';
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const PASSWORD = 'browser-test-pw-42';

// One user per role the pages distinguish.
export const USERS = {
	vera: { role: 'viewer' },
	ana: { role: 'analyst' },
	adam: { role: 'admin' },
	leo: { role: 'leader', unit: 'BCV' },
	pia: { role: 'practitioner', unit: 'BCV' },
};

const SUITE_TIMEOUT_MS = Number(process.env.PEJL_BROWSER_TIMEOUT_MS || 240000);
const STEP_TIMEOUT_MS = 15000;

// --- TAP ------------------------------------------------------------------------------

export function tap() {
	let n = 0;
	let failed = 0;
	let closed = false; // after done(): a suite cut short prints nothing more
	const diag = (text) => {
		if (closed) return;
		for (const line of String(text).split('\n')) console.log(`#   ${line}`);
	};
	const t = {
		get failed() { return failed; },
		get count() { return n; },
		diag,
		ok(cond, name, why) {
			if (closed) return !!cond;
			n++;
			if (cond) {
				console.log(`ok ${n} - ${name}`);
			} else {
				failed++;
				console.log(`not ok ${n} - ${name}`);
				if (why !== undefined && why !== '') diag(why);
			}
			return !!cond;
		},
		// Runs fn (async, throws on failure) bounded by ms; one TAP line.
		async test(name, fn, ms = 60000) {
			let timer;
			try {
				await Promise.race([
					fn(),
					new Promise((_, rej) => {
						timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms);
					}),
				]);
				return t.ok(true, name);
			} catch (e) {
				const why = e instanceof CheckFailed ? e.message : e && e.stack ? e.stack.split('\n').slice(0, 8).join('\n') : String(e);
				return t.ok(false, name, why);
			} finally {
				clearTimeout(timer);
			}
		},
		done() {
			if (closed) return;
			closed = true;
			console.log(`1..${n}`);
		},
	};
	return t;
}

// --- assertions (throw, for use inside t.test) ------------------------------------------

// A failed check: reported by its message alone (no stack trace).
export class CheckFailed extends Error {}

export function assert(cond, msg) {
	if (!cond) throw new CheckFailed(msg);
}

export function assertIncludes(hay, needle, what = 'text') {
	if (!String(hay).includes(needle))
		throw new CheckFailed(`expected ${what} to contain ${JSON.stringify(needle)}; got:\n${String(hay).slice(0, 1500)}`);
}

export function assertEqual(got, want, what = 'value') {
	const g = JSON.stringify(got), w = JSON.stringify(want);
	if (g !== w) throw new CheckFailed(`${what}: wanted ${w}, got ${g}`);
}

// --- processes ------------------------------------------------------------------------

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pejlSync(args, env = {}) {
	return execFileSync(PEJL, args, {
		env: { ...process.env, ...env },
		timeout: 60000,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
	});
}

async function waitForServer(base, server, log, ms = 20000) {
	const deadline = Date.now() + ms;
	let last = '';
	while (Date.now() < deadline) {
		if (server.exitCode !== null || server.signalCode !== null)
			throw new Error(`pejl serve exited (${server.exitCode ?? server.signalCode}) before answering:\n${log()}`);
		try {
			const r = await fetch(`${base}/login`, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
			if (r.status === 200) return;
			last = `status ${r.status}`;
		} catch (e) {
			last = String(e.cause || e);
		}
		await sleep(100);
	}
	throw new Error(`pejl serve did not answer on ${base} within ${ms} ms (${last}):\n${log()}`);
}

// --- the environment ------------------------------------------------------------------

// The environment being built or used, so that a watchdog or signal can
// clean up even while startEnv is still running.
let current = null;

export async function startEnv() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pejl-browser-'));
	const db = path.join(tmp, 'pejl.db');
	const env = { tmp, db, server: null, browser: null, serverLog: '', blocked: [] };
	current = env;

	env.cleanup = async () => {
		if (env.browser) {
			const b = env.browser;
			env.browser = null;
			await Promise.race([b.close().catch(() => {}), sleep(10000)]);
		}
		if (env.server && env.server.exitCode === null && env.server.signalCode === null) {
			const s = env.server;
			const exited = new Promise((r) => s.once('exit', r));
			s.kill('SIGTERM');
			const how = await Promise.race([exited.then(() => 'exited'), sleep(5000).then(() => 'timeout')]);
			if (how === 'timeout') s.kill('SIGKILL');
		}
		env.server = null;
		fs.rmSync(env.tmp, { recursive: true, force: true });
	};

	try {
		await startInto(env);
	} catch (e) {
		await env.cleanup();
		throw e;
	}
	return env;
}

async function startInto(env) {
	const { db } = env;
	pejlSync(['--db', db, 'init', '--demo']);
	// the pseudonym key that recording feedback needs, apart from the database
	env.key = path.join(env.tmp, 'keys', 'pejl.key');
	fs.mkdirSync(path.dirname(env.key), { mode: 0o700 });
	pejlSync(['keygen', '--out', env.key]);
	for (const [name, u] of Object.entries(USERS)) {
		const args = ['--db', db, 'user', 'add', name, '--role', u.role];
		if (u.unit) args.push('--unit', u.unit);
		pejlSync(args, { PEJL_PASSWORD: PASSWORD });
	}

	// the demo's public edition, served at /offentlig
	env.publicDir = path.join(env.tmp, 'public');
	pejlSync(['--db', db, 'publish', '--period', '2017', '--out', env.publicDir]);

	const port = await freePort();
	env.base = `http://127.0.0.1:${port}`;
	env.server = spawn(PEJL, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '2'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, PEJL_PUBLIC_DIR: env.publicDir, PEJL_KEY: env.key },
	});
	const keep = (d) => {
		env.serverLog += d.toString();
		if (env.serverLog.length > 20000) env.serverLog = env.serverLog.slice(-20000);
	};
	env.server.stdout.on('data', keep);
	env.server.stderr.on('data', keep);
	await waitForServer(env.base, env.server, () => env.serverLog);

	env.browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		timeout: 30000,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});

	// A context whose requests may only go to the server under test.
	env.newContext = async (opts = {}) => {
		const ctx = await env.browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 }, ...opts });
		ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
		ctx.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
		await ctx.route('**/*', (route) => {
			const u = new URL(route.request().url());
			if (u.hostname === '127.0.0.1' && u.port === String(port)) return route.continue();
			env.blocked.push(u.href);
			return route.abort('blockedbyclient');
		});
		return ctx;
	};
	env.newPage = async (opts = {}) => {
		const ctx = await env.newContext(opts);
		const page = await ctx.newPage();
		page.consoleErrors = [];
		page.on('console', (m) => {
			if (m.type() !== 'error') return;
			// The status of the page itself (a 422 form, a 404 page) is not an error of the page.
			if (/^Failed to load resource: the server responded with a status of/.test(m.text()) && m.location().url === page.url())
				return;
			page.consoleErrors.push(`${page.url()}: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
		});
		page.on('pageerror', (e) => page.consoleErrors.push(`${page.url()}: ${e}`));
		return page;
	};
	env.url = (p) => env.base + p;
	// Log in through the form (mouse-free fill; the login test does the keyboard).
	env.login = async (page, name, password = PASSWORD) => {
		await page.goto(env.url('/login'));
		await page.fill('#name', name);
		await page.fill('#password', password);
		await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
	};
}

// Runs a suite: TAP out, a watchdog, cleanup on every way out, exit status.
export async function suite(name, body) {
	const t = tap();
	let env = null;
	let finished = false;
	const bail = async (why) => {
		if (finished) return;
		finished = true;
		t.ok(false, `${name}: ${why}`, env && env.serverLog ? `server log:\n${env.serverLog.slice(-3000)}` : undefined);
		t.done();
		try {
			if (current) await current.cleanup();
		} finally {
			process.exit(1);
		}
	};
	const watchdog = setTimeout(() => bail(`suite did not finish within ${SUITE_TIMEOUT_MS} ms`), SUITE_TIMEOUT_MS);
	for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => bail(`interrupted (${sig})`));
	process.on('unhandledRejection', (e) => bail(`unhandled rejection: ${e && e.stack ? e.stack : e}`));

	console.log(`# ${name}`);
	try {
		env = await startEnv();
		await body(t, env);
		if (env.blocked.length)
			t.diag(`requests blocked (not 127.0.0.1 server):\n${[...new Set(env.blocked)].join('\n')}`);
	} catch (e) {
		t.ok(false, `${name}: setup or suite aborted`, `${e && e.stack ? e.stack : e}${env && env.serverLog ? `\nserver log:\n${env.serverLog.slice(-3000)}` : ''}`);
	}
	if (finished) return;
	finished = true;
	clearTimeout(watchdog);
	try {
		if (env) await env.cleanup();
	} catch (e) {
		t.ok(false, `${name}: cleanup`, String(e));
	}
	t.done();
	process.exitCode = t.failed ? 1 : 0;
}

// Text of the page's <main>, whitespace collapsed.
export async function mainText(page) {
	const s = await page.locator('main').innerText({ timeout: STEP_TIMEOUT_MS });
	return s.replace(/\s+/g, ' ').trim();
}
