// Types of build-ui.mjs for TypeScript callers (the browser tests).
export declare const UI_DIR: string;
export declare const DIST_DIR: string;
export declare function uiIsStale(): boolean;
export declare function buildUi(options?: { quiet?: boolean }): Promise<{ firstLoad: number; total: number; files: string[] }>;
export declare function firstLoadSize(): { firstLoad: number; total: number; files: string[] };
