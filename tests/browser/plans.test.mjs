// tests/browser/plans.test.mjs — a leader writes a plan in the browser and
// finds it in the red thread (issue 6): the menu leads to plans, the red
// thread and its gaps; "Ny plan" creates a draft of a unit in the leader's
// subtree (BCV-MIS, which has no plan in the demo); an initiative is added
// with links ticked in the strategy's checkboxes, a milestone and a
// partner; a bad initiative gives field-named errors and keeps what was
// typed; the draft is approved with a decision; the red thread page shows
// goal 7A → the initiative → the plan → the unit, the unit's own thread
// shows the plan, and the gaps page no longer lists 7A or BCV-MIS. A
// viewer sees the plan without any form.
//
// The server runs with PEJL_TODAY=2017-06-01, the day the demo's gaps are
// designed for.
import { execFileSync } from 'node:child_process';
import { suite, assert, assertEqual, assertIncludes, mainText, PEJL } from './lib.mjs';

process.env.PEJL_TODAY = '2017-06-01';

const CODE = 'CP-BCV-MIS-B';

await suite('plans', async (t, env) => {
	const page = await env.newPage();
	const stored = () =>
		JSON.parse(execFileSync(PEJL, ['--db', env.db, 'plans', 'list', '--unit', 'BCV-MIS', '--format', 'json'], {
			encoding: 'utf8',
			timeout: 30000,
		}));
	const submit = async (formSelector, action) => {
		const [resp] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === action && r.request().method() === 'POST'),
			page.click(`${formSelector} button[type=submit]:not([name=remove])`),
		]);
		await page.waitForLoadState();
		return resp;
	};

	await t.test('log in as the leader; the menu leads to plans, the red thread and the gaps', async () => {
		await env.login(page, 'leo');
		for (const href of ['/plans', '/redthread', '/redthread/gaps'])
			assertEqual(await page.locator(`nav a[href="${href}"]`).count(), 1, `menu links to ${href}`);
	});

	await t.test('the gaps page lists BCV-MIS and goal 7A before the plan', async () => {
		await page.goto(env.url('/redthread/gaps'));
		assertIncludes(await page.locator('#unit_without_approved_plan').innerText(), 'BCV-MIS', 'units without a plan');
		assertIncludes(await page.locator('#goal_without_initiative').innerText(), '7A', 'goals without an initiative');
		assertIncludes(await mainText(page), '2017-06-01', 'the day judged on');
	});

	await t.test('"Ny plan" creates a draft and opens its edit page', async () => {
		await page.goto(env.url('/plans'));
		await Promise.all([page.waitForURL((u) => u.pathname === '/plans/new'), page.click('main a[href="/plans/new"]')]);
		const units = await page.locator('#unit option').evaluateAll((os) => os.map((o) => o.value));
		assert(units.includes('BCV-MIS') && !units.includes('BBU'), `the unit list is the leader's subtree: ${units}`);
		await page.fill('#code', CODE);
		await page.fill('#title', 'Centerplan Misbrug (browser)');
		await page.selectOption('#type', 'centre');
		await page.selectOption('#unit', 'BCV-MIS');
		await page.fill('#year_from', '2017');
		await page.fill('#year_to', '2017');
		await page.selectOption('#parent', 'MP-BCV-2016');
		const resp = await submit('main form', '/plans');
		assertEqual(resp.status(), 303, 'status of the POST');
		assertEqual(new URL(page.url()).pathname, `/plans/${CODE}/edit`, 'the edit page');
		assertEqual(stored().map((p) => [p.code, p.status]), [[CODE, 'draft']], 'stored plans of BCV-MIS');
	});

	await t.test('a bad initiative is refused with field-named errors, keeping what was typed', async () => {
		const f = '#f-new';
		await page.fill(`${f} input[name=title]`, 'Hurtig udredning (browser)');
		await page.fill(`${f} input[name=owner]`, 'Centerchef');
		await page.fill(`${f} input[name=end]`, '2017-01-01');
		await page.fill(`${f} input[name=start]`, '2017-06-01');
		await page.fill(`${f} textarea[name=milestones]`, '2017-02-30 | Evaluering');
		await page.check('#inew-goal\\:7A');
		const resp = await submit(f, `/plans/${CODE}/initiatives`);
		assertEqual(resp.status(), 422, 'status');
		const box = page.locator('#f-new #errors');
		const wheres = await box.locator('li .where').allInnerTexts();
		assert(wheres.includes('milestones line 1'), `errors name: ${JSON.stringify(wheres)}`);
		assertEqual(await page.inputValue(`${f} input[name=end]`), '2017-01-01', 'end kept');
		assertEqual(await page.inputValue(`${f} input[name=title]`), 'Hurtig udredning (browser)', 'title kept');
		assert(await page.isChecked('#inew-goal\\:7A'), 'the ticked goal stays ticked');
		assertEqual(stored()[0].initiatives.length, 0, 'nothing stored');
	});

	await t.test('an initiative with links, a milestone and a partner is added', async () => {
		const f = '#f-new';
		await page.fill(`${f} input[name=end]`, '2017-12-31');
		await page.fill(`${f} textarea[name=milestones]`, '2017-09-30 | Evaluering');
		await page.fill(`${f} textarea[name=partners]`, 'forening | Foreningen Ny Start (browser)');
		await page.selectOption(`${f} select[name=status]`, 'active');
		await page.check('#inew-commitment\\:2\\.4');
		const resp = await submit(f, `/plans/${CODE}/initiatives`);
		assertEqual(resp.status(), 303, 'status');
		assertIncludes(await page.locator('main p.ok[role=status]').innerText(), 'Gemt', 'confirmation');
		const ini = stored()[0].initiatives;
		assertEqual(ini.map((i) => [i.title, i.status, i.links.goals, i.links.commitments, i.milestones.length, i.partners[0].kind]),
			[['Hurtig udredning (browser)', 'active', ['7A'], ['2.4'], 1, 'ngo']], 'the stored initiative');
	});

	await t.test('the draft is approved with date, approver and decision', async () => {
		await page.goto(env.url(`/plans/${CODE}`));
		assertIncludes(await page.locator('main .pstatus').first().innerText(), 'kladde', 'status before');
		await page.fill('#a-decision', 'J.nr. 17/4711');
		const resp = await submit(`form[action="/plans/${CODE}/approve"]`, `/plans/${CODE}/approve`);
		assertEqual(resp.status(), 303, 'status');
		assertIncludes(await page.locator('main .pstatus').first().innerText(), 'godkendt', 'status after');
		assertIncludes(await mainText(page), 'J.nr. 17/4711', 'the decision is shown');
		const p = stored()[0];
		assertEqual([p.status, p.approved_on, p.approved_by, p.decision], ['approved', '2017-06-01', 'leo', 'J.nr. 17/4711'], 'stored approval');
	});

	await t.test('the red thread shows 7A → the initiative → the plan → the unit, with 7A\'s commentary', async () => {
		await page.goto(env.url('/redthread'));
		await page.selectOption('#rt-pm', '7');
		await Promise.all([page.waitForURL((u) => u.search.includes('pejlemaerke=7')), page.click('form:has(#rt-pm) button')]);
		const item = page.locator('#pm-7 ul.thread li', { hasText: 'Hurtig udredning (browser)' });
		assertEqual(await item.count(), 1, 'the initiative under 7A');
		assertEqual(await item.locator(`a[href="/plans/${CODE}"]`).count(), 1, 'the link to the plan');
		assertEqual(await item.locator('a[href="/redthread?unit=BCV-MIS"]').count(), 1, 'the link to the unit');
		assertIncludes(await page.locator('#pm-7 .comment').innerText(), 'Det gør vi nu', 'the goal\'s commentary with next steps');
		await Promise.all([page.waitForURL((u) => u.search.includes('unit=BCV-MIS')), item.locator('a[href="/redthread?unit=BCV-MIS"]').click()]);
		assertIncludes(await mainText(page), 'Centerplan Misbrug (browser)', 'the unit\'s own thread shows the plan');
		assertIncludes(await mainText(page), 'Hænger under: Målgruppeplan for hjemløse', 'and the plan above it');
	});

	await t.test('the gaps page no longer lists BCV-MIS, 7A or 2.4', async () => {
		await page.goto(env.url('/redthread/gaps'));
		const units = await page.locator('#unit_without_approved_plan').innerText();
		assert(!units.includes('BCV-MIS'), `BCV-MIS is still listed:\n${units}`);
		assert(!(await page.locator('#goal_without_initiative').innerText()).includes('7A'), '7A is still listed');
		assert(!(await page.locator('#commitment_without_initiative').innerText()).includes('2.4 '), '2.4 is still listed');
	});

	await t.test('a viewer sees the approved plan and no form', async () => {
		const p = await env.newPage();
		await env.login(p, 'vera');
		await p.goto(env.url(`/plans/${CODE}`));
		assertIncludes(await mainText(p), 'Hurtig udredning (browser)', 'the initiative');
		assertEqual(await p.locator('main form').count(), 0, 'forms on the page');
		await p.context().close();
	});

	await t.test('no console errors (CSP violations included) on the pages visited', async () => {
		assert(page.consoleErrors.length === 0, page.consoleErrors.join('\n'));
	});
});
