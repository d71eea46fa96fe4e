/**
 * Extractors of the k8s.* fields (built-in container plugin fields).
 * Placeholder until the class is implemented: every field of the class has
 * no value. Implement ClassExtractorBuilder (see ./class-extractor.ts).
 */
import type { ClassExtractorBuilder } from './class-extractor.js';

export const k8sExtractor: ClassExtractorBuilder = () => undefined;
