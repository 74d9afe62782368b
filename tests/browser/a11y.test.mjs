// tests/browser/a11y.test.mjs — axe-core (WCAG 2.0/2.1 A and AA rules) on
// every page (the feedback pages as leader and practitioner too): one TAP line per page, ok when axe finds no violation;
// otherwise each violation's rule id, impact, and the first targets with
// their HTML. axe is injected from node_modules; the context bypasses the
// CSP only so that the injection works (the pages themselves run no script).
import { suite, assertEqual, AXE_PATH } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHOW_NODES = 4;

function describe(violations) {
	const out = [];
	for (const v of violations) {
		out.push(`${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s) [${v.helpUrl}]`);
		for (const n of v.nodes.slice(0, SHOW_NODES)) {
			out.push(`  target: ${n.target.join(' ')}`);
			out.push(`  html:   ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
			if (n.failureSummary) out.push(`  why:    ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`);
		}
		if (v.nodes.length > SHOW_NODES) out.push(`  … and ${v.nodes.length - SHOW_NODES} more`);
	}
	return out.join('\n');
}

await suite('a11y', async (t, env) => {
	const ctxOpts = { bypassCSP: true };
	const summary = [];
	const review = []; // axe's "needs review" (incomplete) results: reported, not failures

	// Runs axe on the page as it is now; one TAP line named `name`.
	const check = async (page, name, { status } = {}) => {
		let violations = null, error = null, got = null;
		try {
			got = page.lastStatus;
			await page.addScriptTag({ path: AXE_PATH });
			const r = await page.evaluate(
				(tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
				TAGS,
			);
			violations = r.violations;
			if (r.incomplete.length)
				review.push(`${name}: ${r.incomplete.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`).join('; ')}`);
		} catch (e) {
			error = e;
		}
		if (error) return t.ok(false, `axe: ${name}`, String(error.stack || error));
		if (status !== undefined && got !== status)
			t.diag(`${name}: expected HTTP ${status}, got ${got} (${page.url()})`);
		for (const v of violations)
			summary.push(`${v.id} (${v.impact}) on ${name}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
		return t.ok(violations.length === 0, `axe: ${name}`, violations.length ? `${page.url()}\n${describe(violations)}` : undefined);
	};
	const open = async (page, path) => {
		const r = await page.goto(env.url(path));
		page.lastStatus = r ? r.status() : null;
		return r;
	};
	// Submits the page's main form and waits for the answer to load.
	const submit = async (page, action) => {
		const [resp] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === action && r.request().method() === 'POST'),
			page.click('main form[method=post] button[type=submit]'),
		]);
		await page.waitForLoadState();
		page.lastStatus = resp.status();
		return resp;
	};

	// --- the harness itself: axe must find a violation on a known-bad page ------------------
	const anon = await env.newPage(ctxOpts);
	await open(anon, '/login');
	await t.test('axe self-check: a page with an unlabelled input and an img without alt has violations', async () => {
		await anon.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="/favicon.ico"><input id="q"></main></body></html>');
		await anon.addScriptTag({ path: AXE_PATH });
		const ids = await anon.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map((v) => v.id), TAGS);
		for (const want of ['image-alt', 'label', 'html-has-lang'])
			if (!ids.includes(want)) throw new Error(`axe did not report ${want}; it reported ${JSON.stringify(ids)}`);
	});

	// --- logged out ---------------------------------------------------------------------
	await open(anon, '/login');
	await check(anon, '/login', { status: 200 });
	await anon.fill('#name', 'ana');
	await anon.fill('#password', 'wrong-password-1');
	await submit(anon, '/login');
	await check(anon, '/login after a wrong password (error shown)', { status: 401 });

	// --- the public edition (static files at /offentlig, no login) ------------------------
	const edition = ['/offentlig/index.html', '/offentlig/2017/index.html'];
	for (const lang of ['da', 'en'])
		for (const p of ['index.html', 'pejlemaerke/1.html', 'pejlemaerke/8.html', 'delmaal/1C.html', 'delmaal/1D.html',
			'delmaal/8A.html', 'metode.html', 'data.html', 'rapport.html'])
			edition.push(`/offentlig/2017/${lang}/${p}`);
	for (const p of edition) {
		await open(anon, p);
		await check(anon, `edition: ${p}`, { status: 200 });
	}
	await t.test('the edition in print: navigation hidden, report sections start on a new page', async () => {
		await open(anon, '/offentlig/2017/da/rapport.html');
		await anon.emulateMedia({ media: 'print' });
		const nav = await anon.evaluate(() => getComputedStyle(document.querySelector('header nav')).display);
		const brk = await anon.evaluate(() => getComputedStyle(document.querySelector('section.pm')).breakBefore);
		await anon.emulateMedia({ media: 'screen' });
		assertEqual(nav, 'none', 'nav display in print');
		assertEqual(brk, 'page', 'break-before of a pejlemærke section');
	});
	await anon.context().close();

	// --- analyst ------------------------------------------------------------------------
	const page = await env.newPage(ctxOpts);
	await env.login(page, 'ana');
	const analystPages = [
		'/',
		...Array.from({ length: 9 }, (_, i) => `/pejlemaerker/${i + 1}`),
		'/goals/1A',
		'/goals/1D',
		'/goals/8A',
		'/units',
		'/measurements/new',
		'/imports',
		'/goals/1B/edit',
		'/plans',
		'/plans?unit=BCV&subtree=1&all=1',
		'/plans/CP-BCV-HJL-1',
		'/plans/CP-BCV-HJL-1?version=1',
		'/redthread',
		'/redthread?pejlemaerke=7',
		'/redthread?unit=BCV-HJL-1',
		'/redthread/gaps',
	];
	for (const p of analystPages) {
		await open(page, p);
		await check(page, p, { status: 200 });
	}
	await open(page, '/?lang=en');
	await check(page, '/?lang=en', { status: 200 });
	await t.test('/?lang=en is in English', async () => assertEqual(await page.getAttribute('html', 'lang'), 'en', 'html lang'));
	await open(page, '/goals/1D?lang=en');
	await check(page, '/goals/1D?lang=en', { status: 200 });
	await open(page, '/?lang=da');

	await open(page, '/no-such-page');
	await check(page, 'error page: /no-such-page (404)', { status: 404 });
	await open(page, '/goals/ZZ');
	await check(page, 'error page: /goals/ZZ (404)', { status: 404 });

	await open(page, '/measurements/new');
	await page.selectOption('#goal', '1A');
	await page.fill('#period', '20x7');
	await page.fill('#value', 'abc');
	await submit(page, '/measurements');
	await t.test('the failed entry POST shows its errors (422)', async () => {
		assertEqual(page.lastStatus, 422, 'status');
		assertEqual(await page.locator('#errors').count(), 1, 'error boxes');
	});
	await check(page, 'the entry form after a failed POST (errors shown)', { status: 422 });

	await open(page, '/measurements/new');
	await page.selectOption('#goal', '1A');
	await page.fill('#period', '2017');
	await page.fill('#value', '1100');
	await submit(page, '/measurements');
	await check(page, 'the entry form after a good POST (confirmation shown)', { status: 200 });

	await open(page, '/imports');
	await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('goal,period,value\n1B,20x7,12\n') });
	await submit(page, '/imports');
	await check(page, '/imports after a failed upload (errors shown)', { status: 422 });

	await open(page, '/goals/1B/edit');
	await page.fill('#decision', 'BR 1/2024');
	await page.fill('#target_value', 'abc');
	await submit(page, '/goals/1B/versions');
	await check(page, '/goals/1B/edit after a failed POST (errors shown)', { status: 422 });
	await page.context().close();

	// --- leader: the plan forms -------------------------------------------------------------
	const leader = await env.newPage(ctxOpts);
	await env.login(leader, 'leo');
	for (const p of ['/plans/new', '/plans/MP-BCV-2016', '/plans/MP-BCV-2016?version=2', '/plans/MP-BCV-2016/edit',
		'/redthread?lang=en', '/redthread/gaps?lang=en', '/plans/MP-BCV-2016?lang=en']) {
		await open(leader, p);
		await check(leader, `${p} (leader)`, { status: 200 });
	}
	await open(leader, '/plans/new?lang=da');
	await leader.fill('#code', 'A11Y-1');
	await leader.fill('#title', 'Plan');
	await leader.fill('#year_from', '2017');
	await leader.fill('#year_to', '2016');
	await submit(leader, '/plans');
	await check(leader, '/plans/new after a failed POST (errors shown)', { status: 422 });
	await open(leader, '/plans/MP-BCV-2016/edit');
	await leader.fill('#f-new input[name=title]', 'x');
	await leader.fill('#f-new input[name=owner]', 'y');
	await leader.fill('#f-new textarea[name=milestones]', 'soon | x');
	const [resp] = await Promise.all([
		leader.waitForResponse((r) => new URL(r.url()).pathname === '/plans/MP-BCV-2016/initiatives'),
		leader.click('#f-new button[type=submit]'),
	]);
	await leader.waitForLoadState();
	leader.lastStatus = resp.status();
	await check(leader, 'the edit page after a failed initiative (errors shown)', { status: 422 });
	await open(leader, '/plans/UP-BBU-ANB-1A/edit');
	await check(leader, 'error page: another unit\'s draft (403)', { status: 403 });
	await leader.context().close();

	// --- admin --------------------------------------------------------------------------
	const admin = await env.newPage(ctxOpts);
	await env.login(admin, 'adam');
	await open(admin, '/audit');
	await check(admin, '/audit (admin)', { status: 200 });
	await open(admin, '/measurements/new');
	await check(admin, 'error page: /measurements/new as admin (403)', { status: 403 });
	await admin.context().close();

	// --- leader: the feedback aggregates of the unit subtree ---------------------------------
	const fbLeader = await env.newPage(ctxOpts);
	await env.login(fbLeader, 'leo');
	for (const p of ['/feedback', '/feedback?period=2016']) {
		await open(fbLeader, p);
		await check(fbLeader, `${p} (leader)`, { status: 200 });
	}
	await fbLeader.context().close();

	// --- practitioner: alerts, an episode, the session form ---------------------------------
	const pract = await env.newPage(ctxOpts);
	await env.login(pract, 'pia');
	for (const p of ['/feedback', '/feedback/alerts', '/feedback/episodes/DEMO-001', '/feedback/sessions/new', '/feedback/sessions/new?lang=en']) {
		await open(pract, p);
		await check(pract, `${p} (practitioner)`, { status: 200 });
	}
	await open(pract, '/feedback/sessions/new');
	await pract.fill('#episode', 'A11Y-1');
	await pract.fill('#cpr', '0101801237');
	await pract.fill('#i1', '11');
	await submit(pract, '/feedback/sessions');
	await check(pract, 'the session form after a failed POST (errors shown, details open)', { status: 422 });
	await open(pract, '/feedback/sessions/new');
	await pract.fill('#episode', 'A11Y-1');
	await pract.fill('#cpr', '0101801237');
	for (const [id, v] of [['i1', '4,0'], ['i2', '5,0'], ['i3', '6,0'], ['i4', '7,0'], ['a1', '9,0'], ['a2', '9,0'], ['a3', '9,0'], ['a4', '9,0']])
		await pract.fill(`#${id}`, v);
	await submit(pract, '/feedback/sessions');
	await check(pract, 'the session form after a good POST (saved message)', { status: 200 });
	await pract.context().close();

	if (review.length) t.diag(`axe "needs review" (not failures):\n${review.join('\n')}`);
	if (summary.length) t.diag(`all violations:\n${summary.join('\n')}`);
});
