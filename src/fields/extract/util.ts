/**
 * Extractors of libsinsp's hidden `util` class: `util.cnt`, a counter that
 * gives 1, 2, 3... on successive reads (each condition or output counts its own).
 */
import { perConsumer, type ClassExtractorBuilder } from './class-extractor.js';

export const utilExtractor: ClassExtractorBuilder = (field) => {
  if (field.info.name !== 'util.cnt') return undefined;
  let count = 0;
  return perConsumer(() => ++count);
};
