/**
 * Finding and reading rules files as Falco does: a folder contributes its
 * regular files (symlinks followed) whose name ends in .yaml or .yml, in
 * name order; a path that is not a folder is taken as a file if its name
 * ends that way and skipped otherwise. Reading fails on the first file that
 * cannot be read, with Falco's message.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

export interface RulesFileContent {
  name: string;
  content: string;
}

export interface ExpandedRulesPaths {
  /** Files to load, in load order. */
  files: string[];
  /** The folders that were listed. */
  folders: string[];
}

/**
 * Falco's wildcard test for `*.yaml`: the first occurrence of the suffix must
 * end the name (so "a.yaml.yaml" does not count, as in Falco).
 */
export function hasRulesExtension(path: string): boolean {
  return ['.yaml', '.yml'].some((ext) => {
    const at = path.indexOf(ext);
    return at >= 0 && at + ext.length === path.length;
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function expandRulesPaths(paths: readonly string[]): ExpandedRulesPaths {
  const out: ExpandedRulesPaths = { files: [], folders: [] };
  for (const path of paths) {
    if (isDirectory(path)) {
      out.folders.push(path);
      const dir = path.endsWith('/') ? path : `${path}/`;
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        names = [];
      }
      const files = names.map((n) => dir + n).filter(isRegularFile).sort();
      out.files.push(...files.filter(hasRulesExtension));
    } else if (hasRulesExtension(path)) {
      out.files.push(path);
    }
  }
  return out;
}

/** A rules file that cannot be read; `message` is Falco's. */
export class RulesFileError extends Error {
  constructor(readonly path: string) {
    super(`Could not open file ${path} for reading`);
    this.name = 'RulesFileError';
  }
}

export function readRulesFiles(files: readonly string[]): RulesFileContent[] {
  return files.map((name) => {
    try {
      return { name, content: readFileSync(name, 'utf8') };
    } catch {
      throw new RulesFileError(name);
    }
  });
}
