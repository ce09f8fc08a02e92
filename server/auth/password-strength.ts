// Refuses common and easily guessed passwords with zxcvbn-ts (a maintained strength estimator with a
// dictionary of common passwords): at least 10 characters and a score of 3 of 4 ("safely
// unguessable": about 10^8 guesses or more), judged with the user's own name and username as known
// words. zxcvbn's feedback is English only, so each reason gets its own Khmer and English text.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { Problem, type LocalizedMessage } from '../core/problems';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_PASSWORD_SCORE = 3;

/** Words anyone attacking this deployment would try first. */
const SITE_WORDS = ['sastudio', 'sa-studio', 'isaf', 'admin', 'administrator'];

export type WeakReason = 'tooShort' | 'common' | 'personal' | 'keyboard' | 'repeated' | 'sequence' | 'date' | 'guessable';

const ADVICE: LocalizedMessage = {
  en: 'Use a longer password, for example three or four unrelated words.',
  km: 'សូមប្រើពាក្យសម្ងាត់វែងជាងនេះ ឧទាហរណ៍ ពាក្យបី ឬបួនដែលមិនទាក់ទងគ្នា។',
};

const REASONS: Record<WeakReason, LocalizedMessage> = {
  tooShort: { en: `Use at least ${MIN_PASSWORD_LENGTH} characters.`, km: 'សូមប្រើយ៉ាងហោចណាស់ ១០ តួអក្សរ។' },
  common: { en: 'This is a commonly used password.', km: 'នេះជាពាក្យសម្ងាត់ដែលគេប្រើញឹកញាប់។' },
  personal: { en: 'Do not use your username or your name.', km: 'កុំប្រើឈ្មោះអ្នកប្រើ ឬឈ្មោះរបស់អ្នក។' },
  keyboard: { en: 'Keyboard patterns are easy to guess.', km: 'លំនាំក្តារចុចងាយនឹងទាយ។' },
  repeated: { en: 'Repeated characters are easy to guess.', km: 'តួអក្សរដដែលៗងាយនឹងទាយ។' },
  sequence: { en: 'Sequences like abc or 123 are easy to guess.', km: 'លំដាប់ដូចជា abc ឬ 123 ងាយនឹងទាយ។' },
  date: { en: 'Dates and years are easy to guess.', km: 'កាលបរិច្ឆេទ និងឆ្នាំងាយនឹងទាយ។' },
  guessable: { en: 'This password is too easy to guess.', km: 'ពាក្យសម្ងាត់នេះងាយនឹងទាយពេក។' },
};

/** zxcvbn's warning keys (its translation keys) → our reasons. */
const WARNINGS: Record<string, WeakReason> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  userInputs: 'personal',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeated',
  extendedRepeat: 'repeated',
  sequences: 'sequence',
  recentYears: 'date',
  dates: 'date',
};

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // Built once. Levenshtein matching stays off: it costs 100-600 ms of blocked event loop per check
  // (measured), against 1-60 ms without it; near-misses of common passwords still score low.
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: false });
  return estimator;
}

/** Why the password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, userInputs: readonly string[]): WeakReason | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  const inputs = [...userInputs, ...SITE_WORDS].flatMap((s) => [s, ...s.split(/[\s._-]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return WARNINGS[result.feedback.warning ?? ''] ?? 'guessable';
}

export function weaknessMessage(reason: WeakReason): LocalizedMessage {
  return REASONS[reason];
}

/** Throws PASSWORD_TOO_WEAK (422) with the reason at `path` when the password is refused. */
export function assertStrongPassword(password: string, path: string, userInputs: readonly string[]): void {
  const reason = passwordWeakness(password, userInputs);
  if (!reason) return;
  const text = REASONS[reason];
  const message = reason === 'tooShort' ? text : { en: `${text.en} ${ADVICE.en}`, km: `${text.km} ${ADVICE.km}` };
  throw new Problem('PASSWORD_TOO_WEAK', { errors: [{ path, keyword: reason, message }] });
}
