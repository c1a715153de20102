/**
 * The one zod the app uses: zod/mini, the same validator as `zod` with a tree-shakable API, so
 * the browser, which runs every schema here too, downloads less of it. zod's English messages are
 * switched on because the mini build leaves them out ("Invalid input" everywhere), and load
 * reports, bundle import errors and the proxy's 422s quote them.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

// A named import: using the namespace as a value would keep every export of zod in the bundle.
config(en());

export * from "zod/mini";
