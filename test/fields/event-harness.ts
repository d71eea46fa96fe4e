/**
 * A state engine fed with encoded events one at a time (as a source feeds
 * it), and the current event read the ways falconet reads it: a field's
 * value, a compiled condition, a rule output.
 */
import type { CaptureTables } from '../../src/events/scap-records.js';
import { isResolveError, syscallFieldCatalog } from '../../src/fields/catalog.js';
import { SyscallExtractorRegistry } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import type { FieldValue } from '../../src/fields/value.js';
import { compileOutputTemplate, isOutputTemplateError } from '../../src/outputs/output-template.js';
import { checkCondition } from '../../src/rules/compile/checker.js';
import { emitCondition } from '../../src/rules/compile/emitter.js';
import { parseCondition } from '../../src/rules/condition/parser.js';
import { syntheticEvent, type SyntheticValue } from '../../src/state/synthetic-event.js';
import { StateEngine } from '../../src/state/system-state.js';

export class EventHarness {
  readonly state = new StateEngine({ mode: 'replay' });
  readonly run: RunInfo = { source: 'syscall', hostname: 'test-host', bufferFormatBase64: false, firstEventTs: 0n };
  readonly ev = new SyscallEvent(this.state, this.run);
  readonly registry = new SyscallExtractorRegistry();
  private num = 0;

  /** Events of `defaultTid` unless told otherwise, 1 µs apart from `ts`. */
  constructor(tables: CaptureTables, private readonly defaultTid: number, public ts: bigint) {
    this.state.seed(tables);
  }

  feed(code: number, params: Readonly<Record<string, SyntheticValue>>, tid = this.defaultTid): this {
    this.ts += 1000n;
    const event = syntheticEvent(code, this.ts, tid, params);
    this.state.process(event);
    this.ev.begin(event, ++this.num, 0).attachState();
    return this;
  }

  get(name: string, arg?: string): FieldValue {
    const r = syscallFieldCatalog.resolve(name, arg);
    if (isResolveError(r)) throw new Error(r.error);
    return this.registry.extractor(r)(this.ev);
  }

  /** Evaluates a condition on the current event with the compiled code rules use. */
  matches(condition: string): boolean {
    const parsed = parseCondition(condition);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const checked = checkCondition(parsed.expr, syscallFieldCatalog);
    if (!checked.ok) throw new Error(checked.error.message);
    return emitCondition(checked.checked, this.registry)(this.ev);
  }

  /** The current event formatted as a rule output. */
  output(format: string): string {
    const t = compileOutputTemplate(format, syscallFieldCatalog, this.registry);
    if (isOutputTemplateError(t)) throw new Error(t.error);
    return t.render(this.ev).text;
  }
}
