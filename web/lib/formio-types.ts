// The small slice of the formio.js Webform API this app uses (the package's own types are loose).
export interface FormioWebform {
	data: Record<string, unknown>;
	nosubmit: boolean;
	setSubmission(submission: { data: Record<string, unknown> }): Promise<unknown>;
	submit(): Promise<{ data: Record<string, unknown> }>;
	showErrors(errors: unknown[], triggerEvent?: boolean): unknown;
	focusOnComponent(key: string): void;
	on(event: string, listener: (...args: unknown[]) => void): void;
	destroy(deleteFromGlobal?: boolean): void;
}

export interface FormioStatic {
	createForm(element: HTMLElement, form: unknown, options?: Record<string, unknown>): Promise<FormioWebform>;
}
