// tests/browser/entry.test.mjs — an analyst enters a measurement through
// /measurements/new (new, unchanged, corrected), sees it on /goals/1A, gets
// field-named errors for a bad entry, uploads a CSV with a mistake (the
// error names FILE:LINE:COLUMN, nothing is stored) and a good one (counts),
// and a dry run stores nothing.
import { execFileSync } from 'node:child_process';
import { suite, assert, assertEqual, assertIncludes, mainText, PEJL } from './lib.mjs';

await suite('entry', async (t, env) => {
	const page = await env.newPage();
	// The stored rows of a goal for the whole organisation and all groups.
	const stored = (goal, period) =>
		JSON.parse(
			execFileSync(PEJL, ['--db', env.db, 'measurements', 'list', goal, '--period', period, '--format', 'json'], {
				encoding: 'utf8',
				timeout: 30000,
			}),
		).filter((r) => r.unit === 'SOF' && !r.group);
	// The data table of /goals/CODE as {period: value text}.
	const dataTable = async (code) => {
		await page.goto(env.url(`/goals/${code}`));
		const rows = await page.locator('table.data tbody tr').evaluateAll((trs) =>
			trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
		);
		return Object.fromEntries(rows.map((r) => [r[0], r[1]]));
	};
	const submitEntry = async (fields) => {
		await page.goto(env.url('/measurements/new'));
		await page.selectOption('#goal', fields.goal);
		await page.fill('#period', fields.period);
		await page.fill('#value', fields.value);
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/measurements') && r.request().method() === 'POST'),
			page.click('main form button[type=submit]'),
		]);
		await page.waitForLoadState();
		return resp;
	};
	const upload = async (name, text, { dryRun = false } = {}) => {
		await page.goto(env.url('/imports'));
		await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
		if (dryRun) await page.check('#dry_run');
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/imports') && r.request().method() === 'POST'),
			page.click('main form button[type=submit]'),
		]);
		await page.waitForLoadState();
		return resp;
	};

	await t.test('log in as analyst; the menu offers entry and upload', async () => {
		await env.login(page, 'ana');
		assertEqual(new URL(page.url()).pathname, '/', 'path');
		assert((await page.locator('nav a[href="/measurements/new"]').count()) === 1, 'no link to /measurements/new');
		assert((await page.locator('nav a[href="/imports"]').count()) === 1, 'no link to /imports');
	});

	await t.test('/measurements/new: 1A, 2017, 1234 is saved ("Målingen er gemt.")', async () => {
		assertEqual(stored('1A', '2017').length, 0, 'organisation-level rows of 1A 2017 before');
		const resp = await submitEntry({ goal: '1A', period: '2017', value: '1234' });
		assertEqual(resp.status(), 200, 'status');
		const ok = page.locator('main p.ok[role=status]');
		assertEqual((await ok.innerText()).trim(), 'Målingen er gemt.', 'confirmation');
		assertEqual(await page.locator('#errors').count(), 0, 'error boxes');
		const rows = stored('1A', '2017');
		assertEqual(rows.map((r) => r.value), [1234], 'stored values');
	});

	await t.test('/goals/1A shows 1.234 for 2017 in the data table', async () => {
		const table = await dataTable('1A');
		assertEqual(table['2017'], '1.234', '2017 row of the data table');
	});

	await t.test('the same value again: "allerede gemt med samme værdi"', async () => {
		await submitEntry({ goal: '1A', period: '2017', value: '1234' });
		assertIncludes(await page.locator('main p.ok[role=status]').innerText(), 'allerede gemt med samme værdi', 'confirmation');
	});

	await t.test('a new value corrects it, and /goals/1A shows the new value', async () => {
		await submitEntry({ goal: '1A', period: '2017', value: '1250' });
		assertIncludes(await page.locator('main p.ok[role=status]').innerText(), 'Målingen er rettet', 'confirmation');
		assertEqual((await dataTable('1A'))['2017'], '1.250', '2017 row of the data table');
	});

	await t.test('a bad entry gives 422, names the fields, and keeps what was typed', async () => {
		await page.goto(env.url('/measurements/new?goal=1B'));
		assertEqual(await page.inputValue('#goal'), '1B', '?goal= preselects');
		await page.fill('#period', '20x7');
		await page.fill('#value', 'abc');
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/measurements') && r.request().method() === 'POST'),
			page.click('main form button[type=submit]'),
		]);
		await page.waitForLoadState();
		assertEqual(resp.status(), 422, 'status');
		const box = page.locator('#errors');
		assertEqual(await box.getAttribute('role'), 'alert', 'role of the error box');
		const wheres = await box.locator('li .where').allInnerTexts();
		assert(wheres.includes('period'), `no error for "period"; errors name: ${JSON.stringify(wheres)}\n${await box.innerText()}`);
		assertIncludes(await box.innerText(), '20x7', 'error box');
		assertEqual(await page.inputValue('#period'), '20x7', 'period kept');
		assertEqual(await page.inputValue('#value'), 'abc', 'value kept');
		assertEqual(await page.inputValue('#goal'), '1B', 'goal kept');
		assertEqual(await page.locator('main p.ok').count(), 0, 'confirmations');
	});

	await t.test('/imports: a CSV with a mistake shows the error with file:line:column, and stores nothing', async () => {
		const resp = await upload('bad.csv', 'goal,period,value\n1A,2016,900\n1B,20x7,12\n');
		assertEqual(resp.status(), 422, 'status');
		const box = page.locator('#errors');
		const items = await box.locator('li').allInnerTexts();
		const wheres = await box.locator('li .where').allInnerTexts();
		assert(wheres.includes('bad.csv:3:2'), `no error at bad.csv:3:2; errors: ${JSON.stringify(items)}`);
		const item = items.find((s) => s.startsWith('bad.csv:3:2'));
		assertIncludes(item, '"20x7" is not a period', 'the error at bad.csv:3:2');
		assertEqual(await page.locator('main p.ok').count(), 0, 'confirmations');
		assertEqual(stored('1A', '2016').length, 0, 'organisation-level 1A 2016 rows (all-or-nothing)');
	});

	// The summary the importer should give for these organisation-level rows,
	// from what is stored now.
	const expectSummary = (rows) => {
		const c = { added: 0, revised: 0, unchanged: 0 };
		for (const [goal, period, value] of rows) {
			const have = stored(goal, period);
			if (!have.length) c.added++;
			else if (have[0].value === value) c.unchanged++;
			else c.revised++;
		}
		return `${rows.length} rækker, ${c.added} nye, ${c.revised} rettede, ${c.unchanged} uændrede.`;
	};

	await t.test('/imports: a good CSV shows the counts, and the values appear on the goal page', async () => {
		const rows = [['1B', '2017', 470], ['1B', '2016', 490], ['1A', '2016', 999]];
		const want = `good.csv: ${expectSummary(rows)}`;
		const csv = 'goal,period,unit,group,value\n' + rows.map(([g, p, v]) => `${g},${p},,,${v}`).join('\n') + '\n';
		const resp = await upload('good.csv', csv);
		assertEqual(resp.status(), 200, 'status');
		const ok = (await page.locator('main p.ok[role=status]').innerText()).trim();
		assertEqual(ok, want, 'confirmation');
		assertEqual(await page.locator('#errors').count(), 0, 'error boxes');
		const b = await dataTable('1B');
		assertEqual([b['2016'], b['2017']], ['490', '470'], '1B data table, 2016 and 2017');
		assertEqual((await dataTable('1A'))['2016'], '999', '1A data table, 2016');
	});

	await t.test('/imports: a dry run reports the counts and stores nothing', async () => {
		const before = stored('1E', '2017').map((r) => [r.value, r.revision]);
		const want = `Kontrol (intet gemt) af dry.csv: ${expectSummary([['1E', '2017', 401]])}`;
		await upload('dry.csv', 'goal,period,value\n1E,2017,401\n', { dryRun: true });
		assertEqual((await page.locator('main p.ok[role=status]').innerText()).trim(), want, 'confirmation');
		assertEqual(stored('1E', '2017').map((r) => [r.value, r.revision]), before, 'organisation-level 1E 2017 rows');
	});

	await t.test('/imports: submitting without a file is refused by the browser (required)', async () => {
		await page.goto(env.url('/imports'));
		const valid = await page.$eval('#file', (e) => e.checkValidity());
		assertEqual(valid, false, 'the empty file field is valid');
	});

	await t.test('a viewer gets 403 on /measurements/new', async () => {
		const p = await env.newPage();
		await env.login(p, 'vera');
		const r = await p.goto(env.url('/measurements/new'));
		assertEqual(r.status(), 403, 'status');
		assertIncludes(await mainText(p), 'viewer', 'error page');
		await p.context().close();
	});

	await t.test('no console errors (CSP violations included) on the pages visited', async () => {
		assert(page.consoleErrors.length === 0, page.consoleErrors.join('\n'));
	});
});
