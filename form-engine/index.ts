// Public API of the form engine: a pure compiler from definitions to Form.io, validation, safety
// checks and diffs. No I/O, so the same code runs in the server and in the browser.
export type {
  Bilingual,
  Definition,
  DefinitionProblem,
  EnumItems,
  FieldSchema,
  GeoLevel,
  JsonLogic,
  JsonType,
  LocalizedText,
  ObjectSchema,
  Section,
  ValidationError,
  Widget,
} from './model/types';
export { metaSchema } from './model/meta-schema';
export { LIMITS, RESERVED_FIELD_NAMES, type LimitName } from './model/limits';
export { widgetOf, FACES } from './model/widgets';
export { isMediaWidget, mediaAnswers, mediaQuestions, type MediaAnswer, type MediaWidget } from './model/media-fields';
export { AUDIO_LANGUAGES, AUDIO_LANGUAGE_CODES, AUDIO_PROMPT_ID, audioPromptsOf, type AudioLanguage } from './model/audio-prompts';
export { GPS_PARTS, gpsAnswerSchema, gpsText, isEmptyGps, type GpsAnswer, type GpsPart } from './model/gps';
export type { Constraints, FieldNode, FieldOption } from './compile/field-node';
export { compileDefinition, flattenNodes } from './compile/compile';
export { fieldPaths, type FieldPath } from './compile/field-paths';
export { defaultAnswers } from './compile/default-answers';
export { isCalendarDate } from './model/dates';
export { eventDateKeys } from './compile/event-date';
export { localize } from './i18n/localize';
export { toFormio } from './formio/to-formio';
export { fromFormio } from './formio/from-formio';
export { defaultOf as storedDefault } from './formio/from-component';
export type { FormioComponent, FormioForm } from './formio/types';
export { createValidator, validate, type ValidationResult, type Validator } from './validate/validator';
export { checkDataLimits } from './validate/data-limits';
export { effectiveRequired, stableFieldOrder, submissionSchema } from './validate/submission-schema';
export { evaluateLogic, isTruthy, UnsafeLogicError } from './logic/evaluate';
export { choiceOf, isOffered, offeredOptions } from './logic/choice-filter';
export { collectVars, disallowedOperations } from './logic/collect-vars';
export { ALLOWED_OPERATIONS } from './logic/operations';
export { CALCULATION_OPERATIONS, registerCalculationOperations, type LogicRegistry } from './logic/calculation-operations';
export { checkDefinition } from './safety/check-definition';
export { checkFormioSafety } from './safety/check-formio';
export { findPatterns } from './safety/check-patterns';
export { unsafeEnumValues } from './safety/enum-values';
export { MAX_PATTERN_LENGTH, formioPatternSource, nativeMatcher, patternProblem, re2Matcher, type PatternMatcher, type Re2Compiler } from './patterns/compile';
export type { PatternEngine } from './validate/ajv';
export { DefinitionError } from './safety/definition-error';
export { diffDefinitions, type DefinitionDiff, type FieldChange } from './diff/diff';
export { diffData, type DataChange } from './diff/data-diff';
export type { IndicatorDefinition, IndicatorSource, Measure, MeasurePart, MeasureType, Category } from './indicator/types';
export { indicatorMetaSchema } from './indicator/meta-schema';
export { checkIndicator, SQL_OPERATIONS } from './indicator/check-indicator';
export { assertLogicSubset, logicSubsetIssues, LogicSubsetError, LOGIC_LIMITS, type LogicIssue } from './indicator/logic-subset';
export { missingFields, pathsRead, type MissingField } from './indicator/field-report';
export type { HelpPage, Tour, TourStep } from './help/types';
export { helpMetaSchema, HELP_LIMITS } from './help/meta-schema';
export { checkHelp } from './help/check-help';
export { fromXlsForm, keyFrom, type XlsFormImport } from './xlsform/from-xlsform';
export type { XlsFormIssue, XlsFormIssueCode, XlsFormSheets, XlsRow } from './xlsform/types';
export { translateXPath, constraintToKeywords, type XPathContext, type XPathResult } from './xlsform/xpath-to-logic';
export { toXlsForm, type XlsFormSheetsOut } from './xlsform/to-xlsform';
