/**
 * Elementary functions that give the same bits on every JavaScript engine, so that the explorer in a browser and the
 * CLI in Node compute identical numbers from identical inputs. ECMAScript leaves Math.exp, Math.log, Math.pow … to the
 * engine ("implementation-approximated"): Chromium's V8 and Node 20's differ in the last bit on some inputs, and
 * SpiderMonkey is another implementation again. These are ports of FreeBSD's msun (fdlibm) to plain IEEE-754 double
 * arithmetic (stdlib), which every engine performs exactly. In Node 20, exp, log, log1p and expm1 equal Math's bit for
 * bit (its V8 uses the same fdlibm algorithms; 0 of 2·10^6 inputs differed, measured), so CLI results did not move.
 *
 * Every training-path module (core, train, the explorer's trainer) takes these instead of Math's; a test keeps it so.
 */

export { default as cos } from "@stdlib/math-base-special-cos";
export { default as exp } from "@stdlib/math-base-special-exp";
export { default as expm1 } from "@stdlib/math-base-special-expm1";
export { default as hypot } from "@stdlib/math-base-special-hypot";
export { default as log } from "@stdlib/math-base-special-ln";
export { default as log1p } from "@stdlib/math-base-special-log1p";
export { default as log10 } from "@stdlib/math-base-special-log10";
export { default as pow } from "@stdlib/math-base-special-pow";
export { default as sin } from "@stdlib/math-base-special-sin";
