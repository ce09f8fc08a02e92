// English words of the app-update banner (web/lib/components/update-banner.svelte). Same keys in pwa-km.ts.
export const pwaEn = {
	ready: 'A new version is ready.',
	held: 'A new version is ready — it will be applied when you finish the open form.',
	now: 'Update now',
	applying: 'Updating…',
};

export type PwaDictionary = typeof pwaEn;
