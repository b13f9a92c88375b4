/// <reference types="jest" />
// @types/jest declares the asymmetric matchers (expect.any, expect.stringMatching, …) as returning `any`, so every
// expected object that holds one trips the type-checked lint rules (no-unsafe-assignment, no-unsafe-argument).
// jest's own `expect` package types them as matchers; these overloads, merged into the same global interfaces,
// give the globals that type. The matchers still go anywhere a value is expected (toEqual, toMatchObject and
// toHaveBeenCalledWith take any shape; toThrow is widened below).
declare namespace jest {
  interface Expect {
    anything(): AsymmetricMatcher;
    any(classType: unknown): AsymmetricMatcher;
    arrayContaining<E = unknown>(arr: readonly E[]): AsymmetricMatcher;
    arrayOf<E = unknown>(arr: E): AsymmetricMatcher;
    closeTo(num: number, numDigits?: number): AsymmetricMatcher;
    objectContaining<E = object>(obj: E): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
  }
  // jest matches a thrown error against an asymmetric matcher too: expect(f).toThrow(expect.objectContaining({ code })).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type -- merging needs @types/jest's exact type parameters
  interface Matchers<R, T = {}> {
    toThrow(error: AsymmetricMatcher): R;
  }
  interface InverseAsymmetricMatchers {
    arrayContaining<E = unknown>(arr: readonly E[]): AsymmetricMatcher;
    arrayOf<E = unknown>(arr: E): AsymmetricMatcher;
    objectContaining<E = object>(obj: E): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
  }
}
