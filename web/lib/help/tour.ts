// Runs a help page's guided tour on the current page with driver.js. driver.js writes titles,
// descriptions and button labels with innerHTML, so every text is HTML-escaped here first (the
// server already refuses tags in tour texts; this keeps a stored page inert even if that failed).
// A step whose element is missing (a page variant without it) is shown in the middle of the screen.
import { driver, type DriveStep } from 'driver.js';
import 'driver.js/dist/driver.css';
import '$lib/styles/help.css';
import type { LocalizedText } from '$engine/model/types';

export type TourLang = 'km' | 'en';

/** A tour as the API gives it (help format: form-engine/help/types.ts; no target = the middle of the screen). */
export interface TourInput {
	route: string;
	steps: Array<{ target?: string | null; title: Pick<LocalizedText, 'km' | 'en'>; text: Pick<LocalizedText, 'km' | 'en'> }>;
}

export interface TourLabels {
  next: string;
  previous: string;
  done: string;
  /** "{current} / {total}" */
  progress: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Tour targets are `data-tour` names checked by the help format (`^[a-z][a-z0-9-]*$`). */
export function tourTarget(name: string | null | undefined, root: ParentNode = document): Element | undefined {
  if (!name || !/^[a-z][a-z0-9-]{0,62}$/.test(name)) return undefined;
  return root.querySelector(`[data-tour="${name}"]`) ?? undefined;
}

export function tourSteps(tour: TourInput, lang: TourLang, root: ParentNode = document): DriveStep[] {
  return tour.steps.map((step) => ({
    element: tourTarget(step.target, root),
    popover: { title: escapeHtml(step.title[lang]), description: escapeHtml(step.text[lang]) },
  }));
}

/** Starts the tour; resolves when the user closes it or finishes. */
export function startTour(tour: TourInput, lang: TourLang, labels: TourLabels): Promise<void> {
  return new Promise((resolve) => {
    const run = driver({
      showProgress: true,
      animate: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      nextBtnText: escapeHtml(labels.next),
      prevBtnText: escapeHtml(labels.previous),
      doneBtnText: escapeHtml(labels.done),
      progressText: escapeHtml(labels.progress).replace('{current}', '{{current}}').replace('{total}', '{{total}}'),
      popoverClass: `sa-tour sa-tour--${lang}`,
      steps: tourSteps(tour, lang),
      onDestroyed: () => resolve(),
    });
    run.drive();
  });
}
