/**
 * The one zod the app uses: zod/mini (the same validator as `zod`, about a third of its size in
 * the browser, where every schema here is also used) with zod's English messages, which the mini
 * build leaves out ("Invalid input" everywhere). Load reports, bundle import errors and the
 * proxy's 422s quote these messages.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

// A named import: using the namespace as a value would keep every export of zod in the bundle.
config(en());

export * from "zod/mini";
