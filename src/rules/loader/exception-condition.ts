/**
 * Rule exceptions become part of the condition text, exactly as Falco writes
 * it: `(<condition>) and not <exception 1> and not <exception 2> ...`, where
 * an exception with one field is `(field comp (v1, v2))` and one with a list
 * of fields is `((f1 c1 v1 and f2 c2 v2) or (...))`. Values holding a space
 * are double-quoted (unless already quoted); a single value next to a list
 * operator is parenthesised. The text is then parsed like any condition, so
 * its quirks (no escaping of quotes inside values) are Falco's.
 */
import type { ExceptionEntry, ExceptionInfo } from './definitions.js';
import { isOperatorForList } from './operators.js';
import { LoadFailure } from './result-builder.js';

function quoteItem(item: string): string {
  const first = item.charAt(0);
  return item.includes(' ') && first !== '"' && first !== "'" ? `"${item}"` : item;
}

function parenItem(item: string): string {
  return item.charAt(0) !== '(' ? `(${item})` : item;
}

function itemOf(entry: ExceptionEntry | undefined): string {
  return entry === undefined || entry.isList ? '' : entry.item;
}

export interface ExceptionCondition {
  condition: string;
  /** Every field the exceptions compare (Falco lists them as the rule's exception fields). */
  fields: Set<string>;
}

/**
 * @throws LoadFailure (LOAD_ERR_VALIDATE) when values do not fit the fields.
 */
export function conditionWithExceptions(condition: string, exceptions: readonly ExceptionInfo[]): ExceptionCondition {
  const fields = new Set<string>();
  let out = `(${condition})`;
  for (const ex of exceptions) {
    let part = '';
    if (!ex.fields.isList) {
      const field = ex.fields.item;
      const comp = itemOf(ex.comps);
      for (const value of ex.values) {
        if (value.isList) throw new LoadFailure('LOAD_ERR_VALIDATE', 'Expected values array to contain a list of strings', ex.context);
        part += part === '' ? `(${field} ${comp} (` : ', ';
        fields.add(field);
        part += quoteItem(value.item);
      }
      part += part === '' ? '' : '))';
    } else {
      const fieldList = ex.fields.items;
      const comps = ex.comps.isList ? ex.comps.items : [];
      part = '(';
      for (const values of ex.values) {
        const valueList = values.isList ? values.items : [];
        if (fieldList.length !== valueList.length) {
          throw new LoadFailure('LOAD_ERR_VALIDATE', 'Fields and values lists must have equal length', ex.context);
        }
        part += part === '(' ? '' : ' or ';
        part += '(';
        fieldList.forEach((field, k) => {
          part += k === 0 ? '' : ' and ';
          const value = valueList[k]!;
          // Comps are complete for validated exceptions; replaced ones are not validated by Falco.
          const comp = itemOf(comps[k]);
          let text: string;
          if (value.isList) {
            text = `(${value.items.map((v) => quoteItem(itemOf(v))).join(', ')})`;
          } else {
            text = isOperatorForList(comp) ? parenItem(value.item) : quoteItem(value.item);
          }
          part += ` ${itemOf(field)} ${comp} ${text}`;
          fields.add(itemOf(field));
        });
        part += ')';
      }
      part += ')';
      if (part === '()') part = '';
    }
    out += part === '' ? '' : ` and not ${part}`;
  }
  return { condition: out, fields };
}
