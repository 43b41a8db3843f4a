/** The README's recipes, loaded by the `readme-recipes` plugin of vitest.config.ts. */
declare module 'readme:*';
