/**
 * A look-up of one string answered from memory after its first call. Only for functions whose answer
 * depends on the string alone (the vocabularies they read are module constants), so a remembered
 * answer is the one a fresh call would give; the answer object itself is shared, as the plain
 * function shares its table's entries. Bounded: a file of hostile names cannot grow it without end
 * (the oldest key goes first), and long strings are not kept at all. A call that throws is not kept.
 */
export function memoByString<T>(lookUp: (text: string) => T, options: { maxEntries?: number; maxKeyLength?: number } = {}): (text: string) => T {
  const maxEntries = options.maxEntries ?? 4096;
  const maxKeyLength = options.maxKeyLength ?? 256;
  const answers = new Map<string, T>();
  return (text: string): T => {
    // Non-strings (untyped callers) go to the plain function, so they fail or answer exactly as it does.
    if (typeof text !== 'string' || text.length > maxKeyLength) return lookUp(text);
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    const answer = lookUp(text);
    if (answers.size >= maxEntries) answers.delete(answers.keys().next().value as string);
    answers.set(text, answer);
    return answer;
  };
}

/**
 * `compute` remembering only its last input and answer: for values a batch repeats in runs (every row of
 * a file carries the file's date). The answer object is shared between the calls that get it, so it must
 * never be changed. A call that throws is not remembered.
 */
export function memoLast<T>(compute: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastAnswer: T;
  return (text: string): T => {
    if (text !== lastText) {
      lastAnswer = compute(text);
      lastText = text;
    }
    return lastAnswer;
  };
}
