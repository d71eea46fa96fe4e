import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.js';
import { assignKey, lookupKey } from '../../src/config/key-path.js';
import { fromPlain, toPlain } from '../../src/config/node.js';
import type { ConfigNode } from '../../src/config/node.js';
import { applyOverride, parseOverride } from '../../src/config/overrides.js';

function apply(start: unknown, ...options: string[]): unknown {
  const root: ConfigNode = fromPlain(start);
  for (const o of options) applyOverride(root, o);
  return toPlain(root);
}

function failure(start: unknown, option: string): string {
  try {
    apply(start, option);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail(`expected ${option} to fail`);
}

describe('-o key=value', () => {
  it('sets nested keys, creating maps on the way', () => {
    assert.deepEqual(apply(null, 'engine.kind=replay', 'engine.replay.capture_file=/tmp/x.scap'), {
      engine: { kind: 'replay', replay: { capture_file: '/tmp/x.scap' } },
    });
  });

  it('splits at the first = only', () => {
    assert.deepEqual(apply(null, 'program_output.program=jq -r .a=1'), { program_output: { program: 'jq -r .a=1' } });
  });

  it('keeps values as text, even list-looking ones', () => {
    assert.deepEqual(apply(null, 'rules_files=[a.yaml,b.yaml]'), { rules_files: '[a.yaml,b.yaml]' });
    assert.deepEqual(apply(null, 'output_timeout='), { output_timeout: '' });
  });

  it('appends with [] in order (rules[] selection)', () => {
    assert.deepEqual(apply({ priority: 'debug' }, 'rules[].disable.rule=*', 'rules[].enable.tag=network'), {
      priority: 'debug',
      rules: [{ disable: { rule: '*' } }, { enable: { tag: 'network' } }],
    });
  });

  it('appends to an existing list', () => {
    assert.deepEqual(apply({ rules_files: ['a.yaml'] }, 'rules_files[]=b.yaml'), { rules_files: ['a.yaml', 'b.yaml'] });
  });

  it('parses {...} values as objects (append_output[]={...})', () => {
    const out = apply(null, 'append_output[]={"match": {"source": "syscall", "tags": ["a", "b"]}, "extra_output": "on CPU %evt.cpu"}');
    assert.deepEqual(out, {
      append_output: [{ match: { source: 'syscall', tags: ['a', 'b'] }, extra_output: 'on CPU %evt.cpu' }],
    });
  });

  it('addresses list entries by index, replacing and appending at the end', () => {
    assert.deepEqual(apply({ plugins: [{ name: 'a' }] }, 'plugins[0].name=k8saudit', 'plugins[1].name=json'), {
      plugins: [{ name: 'k8saudit' }, { name: 'json' }],
    });
  });

  it('turns a list into a map keyed by index when writing past its end (yaml-cpp behaviour)', () => {
    assert.deepEqual(apply({ l: ['a'] }, 'l[3]=d'), { l: { 0: 'a', 3: 'd' } });
  });

  it('honours backslash escapes in key names', () => {
    assert.deepEqual(apply(null, 'annotations.kubernetes\\.io/role=master'), { annotations: { 'kubernetes.io/role': 'master' } });
    assert.deepEqual(apply(null, 'a.b\\\\c=1'), { a: { 'b\\c': '1' } });
  });

  it('replaces a whole subtree with a scalar', () => {
    assert.deepEqual(apply({ engine: { kind: 'kmod', kmod: { buf_size_preset: '4' } } }, 'engine=none'), { engine: 'none' });
  });

  it('rejects an option without =', () => {
    assert.equal(failure(null, 'json_output'), 'Error parsing config option "json_output". Must be of the form key=val or key.subkey=val');
  });

  it("reports Falco's key parsing errors", () => {
    assert.equal(failure(null, '.a=1'), 'Config error at key ".a": Parsing error: unexpected character at pos 0');
    assert.equal(failure(null, 'a..b=1'), 'Config error at key "a..b": Parsing error: unexpected character at pos 2');
    assert.equal(failure(null, 'a[0]b=1'), `Config error at key "a[0]b": Parsing error: expected '.' character at pos 3`);
    assert.equal(failure(null, 'a[x]=1'), `Config error at key "a[x]": Parsing error: expected a numeric index, found 'x'`);
    assert.equal(failure(null, 'a\\q=1'), `Config error at key "a\\q": Parsing error: invalid escape sequence '\\q' at pos 1`);
    assert.equal(failure(null, 'a\\=1'), 'Config error at key "a\\": Parsing error: trailing backslash at pos 1');
  });

  it('rejects [] on a value that is not a list', () => {
    assert.equal(failure({ rules: 'x' }, 'rules[].disable.rule=*'), `Config error at key "rules[].disable.rule": Parsing error: expected a numeric index, found ''`);
  });

  it('rejects a subscript of a text value', () => {
    assert.equal(failure({ json_output: 'false' }, 'json_output.x=1'), 'Config error at key "json_output.x": operator[] call on a scalar (key: "x")');
  });

  it('parseOverride separates key and value', () => {
    const p = parseOverride('a.b={x: 1}');
    assert.equal(p.key, 'a.b');
    assert.deepEqual(toPlain(p.value), { x: '1' });
  });
});

describe('reading keys', () => {
  const root = fromPlain({ a: { b: ['x', { c: 'y' }] }, s: 'text' });

  it('follows maps and list indexes', () => {
    assert.deepEqual(toPlain(lookupKey(root, 'a.b[1].c')), 'y');
    assert.deepEqual(toPlain(lookupKey(root, 'a.b[0]')), 'x');
  });

  it('returns undefined for absent keys without changing the document', () => {
    assert.equal(lookupKey(root, 'a.nope.deeper'), undefined);
    assert.equal(lookupKey(root, 'a.b[7]'), undefined);
    assert.deepEqual(toPlain(root), { a: { b: ['x', { c: 'y' }] }, s: 'text' });
  });

  it('fails through a text value', () => {
    assert.throws(() => lookupKey(root, 's.x'), /Config error at key "s.x": operator\[\] call on a scalar \(key: "x"\)/);
  });

  it('assignKey writes where lookupKey reads', () => {
    const r = fromPlain(null);
    assignKey(r, 'x.y[].z', fromPlain('v'));
    assert.deepEqual(toPlain(lookupKey(r, 'x.y[0].z')), 'v');
  });
});
