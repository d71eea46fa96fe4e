/**
 * The extractor registry of the `syscall` source: given a field resolved by
 * the catalog, it finds the field's class and asks that class's module for
 * the extractor (see ./class-extractor.ts for the contract).
 *
 * Each distinct field reference (name and argument) gets one extractor,
 * shared by every condition and output that mentions it, and its value is
 * cached per event: a field is extracted at most once per event however many
 * rules read it. Fields of a class without an implementation have no value.
 */
import { syscallFieldClasses } from '../syscall-fields.js';
import type { ResolvedField } from '../types.js';
import type { ExtractorFactory } from '../value.js';
import { isPerConsumer, type ClassExtractorBuilder, type SyscallExtractor } from './class-extractor.js';
import { containerExtractor } from './container.js';
import { evtExtractor } from './evt.js';
import { fdExtractor } from './fd.js';
import { fdListExtractor } from './fdlist.js';
import { fsPathExtractor } from './fspath.js';
import { groupExtractor } from './group.js';
import { k8sExtractor } from './k8s.js';
import { processConditionExtractor, processExtractor } from './process.js';
import type { SyscallEvent } from './syscall-event.js';
import { userExtractor } from './user.js';
import { utilExtractor } from './util.js';

/** The module of each field class, by the class name the catalog uses. */
const CLASS_MODULES: ReadonlyMap<string, ClassExtractorBuilder> = new Map([
  ['evt', evtExtractor],
  ['process', processExtractor],
  ['user', userExtractor],
  ['group', groupExtractor],
  ['fd', fdExtractor],
  ['fs.path', fsPathExtractor],
  ['util', utilExtractor],
  ['fdlist', fdListExtractor],
  ['container', containerExtractor],
  ['k8s', k8sExtractor],
]);

/** Field name -> module key; the container plugin's class holds both container.* and k8s.* fields. */
const CLASS_OF_FIELD: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const cls of syscallFieldClasses) {
    for (const f of cls.fields) {
      if (m.has(f.name)) continue;
      const key = cls.plugin === undefined ? cls.name : f.name.startsWith('k8s.') ? 'k8s' : 'container';
      m.set(f.name, key);
    }
  }
  return m;
})();

/** The module key (`evt`, `process`, `fd`, ..., `container`, `k8s`) of a field name, if known. */
export function fieldClassOf(name: string): string | undefined {
  return CLASS_OF_FIELD.get(name);
}

const NO_VALUE: SyscallExtractor = () => undefined;

/** Classes whose conditions compare another value than the one printed (see conditionExtractor). */
const CONDITION_MODULES: ReadonlyMap<string, ClassExtractorBuilder> = new Map([['process', processConditionExtractor]]);

export class SyscallExtractorRegistry implements ExtractorFactory<SyscallEvent> {
  private readonly byKey = new Map<string, SyscallExtractor>();
  private nextSlot = 0;

  /**
   * @param modules class modules by key; defaults to falconet's. Tests and
   * other helpers may pass their own to try a class in isolation.
   */
  constructor(private readonly modules: ReadonlyMap<string, ClassExtractorBuilder> = CLASS_MODULES) {}

  extractor(field: ResolvedField): SyscallExtractor {
    const cls = CLASS_OF_FIELD.get(field.info.name);
    const build = cls === undefined ? undefined : this.modules.get(cls);
    return this.shared(keyOf(field), () => build?.(field));
  }

  /** What conditions compare: a class's condition form where it has one, else the printed value. */
  conditionExtractor(field: ResolvedField): SyscallExtractor {
    const cls = CLASS_OF_FIELD.get(field.info.name);
    const build = cls === undefined ? undefined : CONDITION_MODULES.get(cls);
    const inner = build?.(field);
    if (inner === undefined) return this.extractor(field);
    return this.shared(`condition\u0000${keyOf(field)}`, () => inner);
  }

  /** One extractor per key, its value cached per event (unless it keeps per-consumer state). */
  private shared(key: string, build: () => SyscallExtractor | undefined): SyscallExtractor {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const inner = build();
    // Each consumer keeps its own state: not shared, not cached.
    if (inner !== undefined && isPerConsumer(inner)) return inner;
    let extractor: SyscallExtractor;
    if (inner === undefined) extractor = NO_VALUE;
    else {
      const slot = this.nextSlot++;
      extractor = (ev) => ev.cached(slot, inner);
    }
    this.byKey.set(key, extractor);
    return extractor;
  }
}

function keyOf(field: ResolvedField): string {
  return field.arg === undefined ? field.info.name : `${field.info.name}\u0000${field.arg}`;
}

/** The registry the syscall source compiles its rules and outputs with. */
export const syscallExtractors: SyscallExtractorRegistry = new SyscallExtractorRegistry();
