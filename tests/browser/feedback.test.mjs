// tests/browser/feedback.test.mjs — a practitioner (pia, unit BCV) records
// sessions on /feedback/sessions/new with the keyboard only: the focus
// starts in the episode field, Tab moves from field to field in the order
// they are typed (episode, CPR, the outcome items, the alliance items), Enter
// saves; the saved message, the two forms in the database (the session
// number left empty is the next one), at most 60 keystrokes for a session
// (episode, CPR, 4 ORS items, 4 SRS items), and the wall time the typing
// takes at a realistic 150 ms per keystroke (logged, not asserted).
import { execFileSync } from 'node:child_process';
import { suite, assert, assertEqual, assertIncludes } from './lib.mjs';

const KEYSTROKE_MS = 150;
const MAX_KEYSTROKES = 60;
const CPR = '0101801237'; // born 1980-01-01: an adult (ORS/SRS)

// The stored forms of an episode: [[session, instrument, i1, i2, i3, i4], …], by session and instrument.
function storedForms(db, code) {
	const py = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT f.session, f.instrument, f.i1, f.i2, f.i3, f.i4 FROM feedback_form f JOIN episode e"
                 " ON e.id = f.episode_id WHERE e.code = ? ORDER BY f.session, f.instrument", (sys.argv[2],)).fetchall()
print(json.dumps(rows))
`;
	return JSON.parse(execFileSync('python3', ['-c', py, db, code], { encoding: 'utf8', timeout: 30000 }));
}

await suite('feedback', async (t, env) => {
	const page = await env.newPage();
	const focused = () => page.evaluate(() => (document.activeElement ? document.activeElement.id : null));

	// Types one session with the keyboard only, checking where each Tab lands;
	// returns { keystrokes, ms, status }.
	const typeSession = async (episode, outcome, alliance) => {
		let keystrokes = 0;
		const type = async (text) => {
			await page.keyboard.type(text, { delay: KEYSTROKE_MS });
			keystrokes += [...text].length;
		};
		const tab = async (want) => {
			await page.waitForTimeout(KEYSTROKE_MS);
			await page.keyboard.press('Tab');
			keystrokes++;
			const at = await focused();
			assertEqual(at, want, 'the field Tab moves to');
		};
		assertEqual(await focused(), 'episode', 'the field with the focus when the form opens');
		const t0 = Date.now();
		await type(episode);
		await tab('cpr');
		await type(CPR);
		for (let i = 0; i < 4; i++) {
			await tab(`i${i + 1}`);
			await type(outcome[i]);
		}
		await tab('i5'); // the fifth item is for five-item forms (WHO-5); ORS has four
		for (let i = 0; i < 4; i++) {
			await tab(`a${i + 1}`);
			await type(alliance[i]);
		}
		await page.waitForTimeout(KEYSTROKE_MS);
		const [resp] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === '/feedback/sessions' && r.request().method() === 'POST'),
			page.waitForEvent('load'), // the answer's page, not the one typed in
			page.keyboard.press('Enter'),
		]);
		keystrokes++;
		return { keystrokes, ms: Date.now() - t0, status: resp.status() };
	};

	await t.test('log in as the practitioner pia and open the session form', async () => {
		await env.login(page, 'pia');
		const r = await page.goto(env.url('/feedback/sessions/new'));
		assertEqual(r.status(), 200, 'status');
	});

	let first;
	await t.test('a session typed with the keyboard only (focus in the episode field, Tab, Enter) is saved', async () => {
		first = await typeSession('BT-1', ['4,2', '5,1', '3,9', '6,0'], ['9,1', '8,7', '9,4', '9,0']);
		assertEqual(first.status, 200, 'status of the POST');
		assertEqual((await page.locator('main p.ok[role=status]').innerText()).trim(), 'Sessionen er gemt.', 'message');
		assertEqual(await page.locator('#errors').count(), 0, 'error boxes');
	});

	await t.test('the database holds both forms of session 1 with the typed items', async () => {
		assertEqual(storedForms(env.db, 'BT-1'), [
			[1, 'ORS', 42, 51, 39, 60],
			[1, 'SRS', 91, 87, 94, 90],
		], 'stored forms');
	});

	await t.test(`a session takes at most ${MAX_KEYSTROKES} keystrokes (episode, CPR, 4 ORS items, 4 SRS items)`, async () => {
		assert(first, 'no session was typed');
		assert(first.keystrokes <= MAX_KEYSTROKES, `${first.keystrokes} keystrokes`);
		t.diag(`one session: ${first.keystrokes} keystrokes; typing it took ${(first.ms / 1000).toFixed(1)} s at ${KEYSTROKE_MS} ms per keystroke`);
	});

	await t.test('after saving, the form is ready for the next citizen: focus in the empty episode field', async () => {
		assertEqual(await focused(), 'episode', 'focused field');
		assertEqual(await page.inputValue('#episode'), '', 'episode field');
		assertEqual(await page.inputValue('#cpr'), '', 'CPR field');
		assertEqual(await page.inputValue('#session'), '', 'session field');
	});

	await t.test('the next session of the same episode needs no session number: it is stored as session 2', async () => {
		const second = await typeSession('BT-1', ['5,0', '5,5', '4,5', '6,5'], ['9,5', '9,5', '9,5', '9,6']);
		assertEqual(second.status, 200, 'status of the POST');
		assertEqual((await page.locator('main p.ok[role=status]').innerText()).trim(), 'Sessionen er gemt.', 'message');
		assertEqual(storedForms(env.db, 'BT-1').map((f) => [f[0], f[1]]), [
			[1, 'ORS'],
			[1, 'SRS'],
			[2, 'ORS'],
			[2, 'SRS'],
		], 'stored sessions');
		t.diag(`the second session: ${second.keystrokes} keystrokes in ${(second.ms / 1000).toFixed(1)} s`);
	});

	await t.test('a mistake is shown next to the form, and the other fields open for correction', async () => {
		await page.goto(env.url('/feedback/sessions/new'));
		await page.keyboard.type('BT-2');
		await page.keyboard.press('Tab');
		await page.keyboard.type(CPR);
		await page.keyboard.press('Tab');
		await page.keyboard.type('11'); // out of range 0–10
		const [resp] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === '/feedback/sessions' && r.request().method() === 'POST'),
			page.waitForEvent('load'),
			page.keyboard.press('Enter'),
		]);
		assertEqual(resp.status(), 422, 'status');
		assertEqual(await page.locator('#errors').count(), 1, 'error boxes');
		assertIncludes(await page.locator('#errors').innerText(), 'i1: 11', 'the errors');
		assert(await page.locator('main details[open]').count() === 1, 'the details with the other fields are not open');
		assertEqual(storedForms(env.db, 'BT-2'), [], 'stored forms');
	});

	t.ok(page.consoleErrors.length === 0, 'no console errors', page.consoleErrors.join('\n'));
});
