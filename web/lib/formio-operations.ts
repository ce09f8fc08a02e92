// Why: calculations use the form engine's named operations (median rounded up, days between dates,
// sums over repeat rows, …), which formio.js's jsonLogic does not have. Registered here on the
// jsonLogic formio.js evaluates `calculateValue` with (@formio/core's), with the very functions the
// server registers on its json-logic-js, so the fill page, the builder and its preview compute the
// value the server stores. Both imports are lazy: they load with formio.js, not with the page.
let registering: Promise<void> | null = null;

export function withCalculationOperations(): Promise<void> {
	registering ??= Promise.all([import('@formio/core/utils'), import('$engine/logic/calculation-operations')]).then(([core, operations]) => {
		operations.registerCalculationOperations(core.jsonLogic);
	});
	registering.catch(() => (registering = null));
	return registering;
}
