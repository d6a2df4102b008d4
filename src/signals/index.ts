/**
 * Signal intelligence: extract trade fields from free text, score them with rules and a trained
 * text model, learn from a growing labelled dataset, and auto-route good signals to paper orders.
 */

// Commonly used
export {
  createSignalDomain,
  UNWIRED_ORDER_PORT,
  type SignalDomain,
  type SignalDomainDeps,
  type SignalDomainSettings,
} from './domain.js';
export {
  SignalService,
  MAX_RECENT,
  type IngestInput,
  type IngestResult,
  type RecentSignal,
} from './service.js';
export { SIGNAL_LABELS, type ScoredSignal, type SignalFields, type SignalLabel, type Side } from './model.js';
export { SIGNAL_SETTINGS, parseSymbolMap, mapSymbol, type SymbolMap } from './settings.js';

// Parts, for the CLI, benchmarks and expert use
export { extractSignal, type Extraction, type ExtractionEvidence } from './extract/extractor.js';
export { scoreExtraction, scoreText, type ScoreDetails } from './scorer.js';
export { SignalLab, type ModelView } from './lab.js';
export { AutoRouter, type RouteDecision, type AutoRouterOptions } from './router.js';
export { LlmExtractor, validateFields, type LlmOptions, type LlmResult } from './llm.js';
export {
  SignalDataset,
  SHIPPED_DATASET,
  parseLabel,
  parseText,
  type DatasetReport,
} from './learning/dataset.js';
export { ModelFiles } from './learning/model-file.js';
export { SignalTextModel, type ModelInfo } from './learning/text-model.js';
export { trainSignalModel, DEFAULT_SEED, type LabelledText, type TrainOptions } from './learning/train.js';
export { createSignalDataset, signalsDir } from './domain.js';
