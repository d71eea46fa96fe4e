/**
 * `./falconet capture -w FILE -M 3 [FILTER]` on the real kernel (root): two
 * captures run side by side, one of everything and one with the filter
 * `proc.name=cat`, while `cat` reads /etc/shadow and a file of the test's.
 * The files must read back in Debian's sysdig 0.29.3 (which prints the exit
 * events falconet records, `<`) and in falconet's own replay, with the same
 * process and fd values. A probe that cannot load fails the test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALCONET, jsonAlerts, nonce, run, startFalconet, type Ran } from './live-run.js';

const SYSDIG = '/usr/bin/sysdig';
const dir = mkdtempSync(join(tmpdir(), 'fncap-'));
const ALL = join(dir, 'all.scap');
const CAT_ONLY = join(dir, 'cat.scap');
const marker = join(dir, `${nonce('cap')}.txt`);
const RULES = join(dir, 'rules.yaml');

let shadowCat: Ran;
let markerCat: Ran;
let runs: Array<{ status: number | null; stdout: string; stderr: string }> = [];

/** `sysdig -r FILE -p FORMAT FILTER` lines. */
async function sysdig(file: string, format: string, filter = ''): Promise<string[]> {
  const r = await run(SYSDIG, ['-r', file, '-p', format, ...(filter === '' ? [] : [filter])]);
  assert.equal(r.status, 0, `sysdig failed on ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

function writtenCount(stderr: string): number {
  const m = /Events written: (\d+) \(of (\d+) delivered/.exec(stderr);
  assert.ok(m, `no event count in:\n${stderr}`);
  return Number(m[1]);
}

before(async () => {
  writeFileSync(marker, 'captured\n');
  writeFileSync(
    RULES,
    [
      '- rule: Cat reads shadow',
      '  desc: test',
      '  condition: evt.type in (open,openat) and fd.name=/etc/shadow and proc.name=cat',
      '  output: shadow read (proc.name=%proc.name fd.name=%fd.name proc.pid=%proc.pid)',
      '  priority: WARNING',
      '- rule: Cat reads marker',
      '  desc: test',
      `  condition: evt.type in (open,openat) and fd.name=${marker} and proc.name=cat`,
      '  output: marker read (proc.name=%proc.name fd.name=%fd.name proc.pid=%proc.pid)',
      '  priority: WARNING',
      '',
    ].join('\n'),
  );
  const all = startFalconet(['capture', '-w', ALL, '-M', '3']);
  const cat = startFalconet(['capture', '-w', CAT_ONLY, '-M', '3', 'proc.name=cat']);
  await Promise.all([all.ready, cat.ready]);
  shadowCat = await run('/bin/cat', ['/etc/shadow']);
  markerCat = await run('/bin/cat', [marker]);
  runs = await Promise.all([all.done, cat.done]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('falconet capture', () => {
  it('ends normally and reports what it wrote', () => {
    for (const r of runs) {
      assert.equal(r.status, 0, r.stderr);
      assert.ok(writtenCount(r.stderr) > 0, r.stderr);
      assert.match(r.stderr, /dropped by the probe: \d+ of \d+/);
    }
    assert.equal(shadowCat.status, 0, shadowCat.stderr);
    assert.equal(markerCat.stdout, 'captured\n');
    assert.ok(statSync(ALL).size > statSync(CAT_ONLY).size);
  });

  it('writes a file sysdig 0.29.3 reads, with the openat of /etc/shadow by cat', async () => {
    const lines = await sysdig(ALL, '%evt.dir %evt.type %proc.name %fd.name %proc.pid', 'evt.type=openat and proc.name=cat');
    assert.ok(lines.includes(`< openat cat /etc/shadow ${shadowCat.pid}`), lines.join('\n'));
    assert.ok(lines.includes(`< openat cat ${marker} ${markerCat.pid}`), lines.join('\n'));
    // falconet records exit events only: sysdig shows no enter event.
    assert.ok(lines.every((l) => l.startsWith('< ')), lines.join('\n'));
  });

  it('replays in falconet with the same process and fd values', async () => {
    const r = await run(FALCONET, ['-r', RULES, '-e', ALL, '-o', 'json_output=true']);
    assert.equal(r.status, 0, r.stderr);
    const alerts = jsonAlerts(r.stdout);
    const shadow = alerts.filter((a) => a.rule === 'Cat reads shadow');
    assert.equal(shadow.length, 1, r.stdout);
    assert.equal(shadow[0]!.output_fields['proc.name'], 'cat');
    assert.equal(shadow[0]!.output_fields['fd.name'], '/etc/shadow');
    assert.equal(shadow[0]!.output_fields['proc.pid'], shadowCat.pid);
    const mark = alerts.filter((a) => a.rule === 'Cat reads marker');
    assert.equal(mark.length, 1, r.stdout);
    assert.equal(mark[0]!.output_fields['fd.name'], marker);
    assert.equal(mark[0]!.output_fields['proc.pid'], markerCat.pid);
  });

  it('writes only the events a filter matches', async () => {
    const everything = await sysdig(ALL, '%proc.name');
    assert.ok(everything.some((n) => n !== 'cat'), 'the unfiltered capture holds other processes too');
    const filtered = await sysdig(CAT_ONLY, '*%evt.type %proc.name %fd.name');
    assert.ok(filtered.length > 0);
    assert.deepEqual(filtered.filter((l) => l.split(' ')[1] !== 'cat'), []);
    assert.ok(filtered.includes('openat cat /etc/shadow'), filtered.join('\n'));
    assert.ok(filtered.some((l) => l.startsWith('execve cat')), filtered.join('\n'));
    // sysdig prints an event only when every field of the format applies to it (count with evt.num), and
    // skips event codes newer than its libs (e.g. the dup2 exit event with its full parameters).
    const shown = (await sysdig(CAT_ONLY, '%evt.num')).length;
    const written = writtenCount(runs[1]!.stderr);
    assert.ok(shown <= written && shown >= written * 0.9, `sysdig shows ${shown} of ${written} written events`);
  });

  it('refuses a filter that does not compile', async () => {
    const r = await run(FALCONET, ['capture', '-w', join(dir, 'bad.scap'), 'bogus.field=1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: capture: invalid filter 'bogus\.field=1': .*bogus\.field/);
  });
});
