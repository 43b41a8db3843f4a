/**
 * Whether this is a development build: the `development` export condition (what Vite, webpack
 * and Node's `--conditions=development` pick while developing) and the unminified classic script.
 * Developer warnings are behind it; the production builds replace this module with one where it
 * is `false`, and drop what it guards (React and Vue do the same).
 */
export const DEVELOPMENT: boolean = true;
