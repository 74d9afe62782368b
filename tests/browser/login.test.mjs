// tests/browser/login.test.mjs — logging in with the keyboard only, the
// overview's headline and its nine pejlemærke rows (verdicts checked against
// `pejl status --format json`), a wrong password, ?next=, the language
// switch, and logging out.
import { execFileSync } from 'node:child_process';
import { suite, assert, assertEqual, assertIncludes, mainText, PASSWORD, PEJL } from './lib.mjs';

// Presses Tab until the element with this id has focus (at most `max` times);
// returns how many presses it took.
async function tabTo(page, id, max = 20) {
	for (let i = 1; i <= max; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((want) => document.activeElement && document.activeElement.id === want, id)) return i;
	}
	const at = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 200));
	throw new Error(`#${id} not reached after ${max} Tabs; focus is on ${at}`);
}

await suite('login', async (t, env) => {
	const status = JSON.parse(
		execFileSync(PEJL, ['--db', env.db, 'status', '--format', 'json'], { encoding: 'utf8', timeout: 30000 }),
	);
	const page = await env.newPage();

	await t.test('GET / without a session redirects to /login?next=/', async () => {
		const r = await page.goto(env.url('/'));
		const u = new URL(page.url());
		assertEqual(u.pathname, '/login', 'path');
		assertEqual(u.searchParams.get('next'), '/', 'next');
		assertEqual(r.status(), 200, 'status of /login');
		assertEqual(await page.getAttribute('html', 'lang'), 'da', 'html lang');
	});

	await t.test('the first Tab stop is the skip link, and it becomes visible', async () => {
		await page.goto(env.url('/login'));
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const e = document.activeElement;
			const r = e.getBoundingClientRect();
			return { cls: e.className, href: e.getAttribute('href'), text: e.textContent, left: r.left, top: r.top, w: r.width };
		});
		assertEqual([f.cls, f.href, f.text], ['skip', '#main', 'Gå til indhold'], 'focused element');
		assert(f.left >= 0 && f.top >= 0 && f.w > 0, `the focused skip link is off screen: ${JSON.stringify(f)}`);
	});

	await t.test('log in with the keyboard only (Tab, type, Enter) and land on the overview', async () => {
		await page.goto(env.url('/login'));
		await tabTo(page, 'name');
		const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert(outline !== 'none', `the focused name field shows no outline (outline-style ${outline})`);
		await page.keyboard.type('ana');
		const presses = await tabTo(page, 'password', 3);
		assertEqual(presses, 1, 'Tabs from name to password');
		await page.keyboard.type(PASSWORD);
		await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
		assertEqual(new URL(page.url()).pathname, '/', 'path after login');
		assertIncludes(await page.locator('header').innerText(), 'ana', 'header');
	});

	await t.test('the overview reads "fremgang på 5 af 9 pejlemærker"', async () => {
		const lead = (await page.locator('main p.lead').innerText()).replace(/\s+/g, ' ');
		assertIncludes(lead, 'fremgang på 5 af 9 pejlemærker', 'p.lead');
		assertIncludes(lead, `Status ${status.period}`, 'p.lead');
	});

	await t.test('the overview has nine pejlemærke rows, each with the verdict `pejl status` gives', async () => {
		const rows = await page.locator('table.status tbody tr').evaluateAll((trs) =>
			trs.map((tr) => {
				const v = tr.querySelector('td .verdict');
				const a = tr.querySelector('th[scope=row] a');
				return {
					href: a && a.getAttribute('href'),
					head: a && a.textContent.trim(),
					cls: v ? [...v.classList].find((c) => c.startsWith('v-')) : null,
					text: v ? v.textContent.trim() : '',
				};
			}),
		);
		assertEqual(rows.length, 9, 'number of rows');
		const problems = [];
		status.pejlemaerker.forEach((pm, i) => {
			const r = rows[i];
			if (r.href !== `/pejlemaerker/${pm.number}`) problems.push(`row ${i + 1}: link ${r.href}`);
			if (!r.head.startsWith(`${pm.number}. ${pm.title}`)) problems.push(`row ${i + 1}: heading "${r.head}"`);
			if (r.cls !== `v-${pm.verdict}`) problems.push(`row ${i + 1}: verdict class ${r.cls}, wanted v-${pm.verdict}`);
			if (!r.text) problems.push(`row ${i + 1}: verdict has no text`);
		});
		assert(problems.length === 0, problems.join('\n'));
	});

	await t.test('a pejlemærke link opens its page', async () => {
		await Promise.all([page.waitForURL('**/pejlemaerker/3'), page.click('table.status a[href="/pejlemaerker/3"]')]);
		assertIncludes(await page.locator('h1').innerText(), '3. ', 'h1');
		await page.goto(env.url('/'));
	});

	await t.test('the language switch gives English, and it sticks', async () => {
		await Promise.all([page.waitForURL('**/?lang=en'), page.click('header .lang a')]);
		assertEqual(await page.getAttribute('html', 'lang'), 'en', 'html lang');
		const lead = (await page.locator('main p.lead').innerText()).replace(/\s+/g, ' ');
		assertIncludes(lead, 'progress on 5 of 9 pejlemærker', 'p.lead');
		const header = await page.locator('header').innerText();
		assertIncludes(header, 'Overview', 'header');
		assertIncludes(header, 'Log out', 'header');
		assertIncludes(await page.locator('table.status thead').innerText(), 'Verdict (main goal)', 'thead');
		const switchLink = page.locator('header .lang a');
		assertEqual(await switchLink.innerText(), 'Dansk', 'the switch link now offers');
		assertEqual(await switchLink.getAttribute('lang'), 'da', 'lang of the switch link');
		await page.goto(env.url('/units'));
		assertEqual(await page.getAttribute('html', 'lang'), 'en', 'html lang on /units (cookie)');
		assertIncludes(await page.locator('h1').innerText(), 'Organisation', 'h1');
		await Promise.all([page.waitForURL('**/units?lang=da'), page.click('header .lang a')]);
		assertEqual(await page.getAttribute('html', 'lang'), 'da', 'html lang after switching back');
	});

	await t.test('logging out lands on /login, and / then asks to log in again', async () => {
		await page.goto(env.url('/'));
		await Promise.all([page.waitForURL('**/login'), page.click('form.logout button')]);
		assertEqual(new URL(page.url()).pathname, '/login', 'path after logout');
		assert((await page.locator('form.logout').count()) === 0, 'the logout form is still shown after logging out');
		await page.goto(env.url('/'));
		assertEqual(new URL(page.url()).pathname, '/login', 'path of / after logout');
		const cookies = await page.context().cookies();
		assert(!cookies.some((c) => c.name === 'pejl_session' && c.value), `a session cookie remains: ${JSON.stringify(cookies)}`);
	});

	await t.test('a wrong password shows the error message and keeps the name', async () => {
		const p = await env.newPage();
		await p.goto(env.url('/login'));
		await p.fill('#name', 'ana');
		await p.fill('#password', 'not-the-password');
		const [resp] = await Promise.all([
			p.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
			p.click('main button[type=submit]'),
		]);
		await p.waitForLoadState();
		assertEqual(resp.status(), 401, 'status');
		const err = p.locator('#login-error');
		assertEqual(await err.getAttribute('role'), 'alert', 'role of the message');
		assertEqual((await err.innerText()).trim(), 'Forkert brugernavn eller adgangskode.', 'message');
		assertEqual(await p.inputValue('#name'), 'ana', 'name field');
		assertEqual(await p.inputValue('#password'), '', 'password field');
		assertEqual((await p.context().cookies()).filter((c) => c.name === 'pejl_session').length, 0, 'session cookies');
		await p.context().close();
	});

	await t.test('?next= brings you back to the page you asked for', async () => {
		const p = await env.newPage();
		await p.goto(env.url('/goals/1A'));
		assertEqual(new URL(p.url()).search, '?next=/goals/1A', 'login query');
		await p.fill('#name', 'vera');
		await p.fill('#password', PASSWORD);
		await Promise.all([p.waitForURL('**/goals/1A'), p.press('#password', 'Enter')]);
		assertIncludes(await p.locator('h1').innerText(), '1A', 'h1');
		assert((await p.locator('nav a[href="/measurements/new"]').count()) === 0, 'a viewer sees the analyst menu');
		await p.context().close();
	});

	await t.test('no console errors (CSP violations included) on the pages visited', async () => {
		assert(page.consoleErrors.length === 0, page.consoleErrors.join('\n'));
	});
	void mainText;
});
