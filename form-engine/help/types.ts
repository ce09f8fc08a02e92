// The help page format as TypeScript types (docs/help-format.md is the contract). A help page is a
// definition of kind "help": versioned, published and retired like forms, but written by trainers.
import type { LocalizedText } from '../model/types';

/** One step of a guided tour: the element it points at (a `data-tour` name) and what it says. */
export interface TourStep {
  /** `data-tour` attribute value of the element to highlight; absent = a step in the middle of the screen. */
  target?: string;
  title: LocalizedText;
  text: LocalizedText;
}

/** A step-by-step tour of one product page, started from that page's "?" menu. */
export interface Tour {
  /** The product route the tour runs on, e.g. `/builder` or `/forms/[key]`. */
  route: string;
  steps: TourStep[];
}

export interface HelpPage {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  'x-kind': 'help';
  /** `page` (default) or `course`: a training module that lists other pages in order. */
  'x-type'?: 'page' | 'course';
  'x-title': LocalizedText;
  'x-summary'?: LocalizedText;
  /** Roles the page is written for (the help centre groups by them); empty = everyone. */
  audience?: string[];
  /** A topic slug the help centre groups by (e.g. `getting-started`, `forms`). */
  topic?: string;
  /** Product routes whose "?" opens this page (e.g. `/builder`, `/forms/[key]`). */
  routes?: string[];
  /** Markdown, Khmer and English (docs/help-format.md lists what is allowed). */
  body: LocalizedText;
  tour?: Tour;
  /** For courses: the help pages of the module, in teaching order. */
  modules?: string[];
}
