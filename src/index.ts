// Library API: what scripts and other packages import from persodata.
export * from './io/dense-matrix.js';
export * from './io/matrix-text.js';
export * from './util/errors.js';
export * from './util/rng.js';
