/**
 * Compile-time guards that a response schema describes exactly what its use case returns: `npm run
 * typecheck` fails when either one changes without the other. Types only: nothing here reaches a bundle.
 */

/** Keys whose value may be undefined: JSON.stringify leaves them out, so in JSON they are optional. */
type MaybeAbsentKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** A value as it reads after JSON.stringify and JSON.parse: undefined members become optional keys. */
export type AsJson<T> = T extends string | number | boolean | null
  ? T
  : T extends readonly (infer Element)[]
    ? AsJson<Element>[]
    : T extends object
      ? Flat<
          { [K in Exclude<keyof T, MaybeAbsentKeys<T>>]: AsJson<T[K]> } & {
            [K in MaybeAbsentKeys<T>]?: AsJson<Exclude<T[K], undefined>>;
          }
        >
      : T;

type Flat<T> = { [K in keyof T]: T[K] };

/** True when both types accept the same JSON values (each assignable to the other, member by member). */
export type SameJson<A, B> = [AsJson<A>] extends [AsJson<B>]
  ? [AsJson<B>] extends [AsJson<A>]
    ? true
    : false
  : false;

/** Fails to compile unless given `true`: `Holds<SameJson<Schema, Answer>>`. */
export type Holds<T extends true> = T;
