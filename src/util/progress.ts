// The progress callback long picture work takes: which stage, how far, in
// what unit ("decode train", 120 of 300 pictures). The CLI draws it as a bar;
// the library never prints.

/** `done` of `total` `unit`s of `stage`; a new stage starts from its own 0. */
export type StageProgress = (stage: string, done: number, total: number, unit: string) => void;
