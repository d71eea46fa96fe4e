/**
 * Extractors of the fd.* fields (the fd the event refers to).
 * Placeholder until the class is implemented: every field of the class has
 * no value. Implement ClassExtractorBuilder (see ./class-extractor.ts).
 */
import type { ClassExtractorBuilder } from './class-extractor.js';

export const fdExtractor: ClassExtractorBuilder = () => undefined;
