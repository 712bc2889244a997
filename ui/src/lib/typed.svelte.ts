// A field typed as text and stored as a parsed value (a time, a date): the text follows the
// value when it changes from outside (loaded, reset), the value follows the text when it
// parses, and the field says when it does not.

export function typedField<V>(get: () => V, set: (v: V) => void, show: (v: V) => string, read: (text: string) => V | undefined) {
  const state = $state({ text: "", wrong: false });
  let shown: V | undefined;
  let shownAs = "";
  // Rewritten when the value changes from outside or when the same value reads differently
  // (another zone or format), never while the user's own text names the value.
  $effect(() => {
    const v = get();
    const t = show(v);
    if (v !== shown || t !== shownAs) {
      shown = v;
      shownAs = t;
      state.text = t;
      state.wrong = false;
    }
  });
  return {
    get text() {
      return state.text;
    },
    set text(t: string) {
      state.text = t;
    },
    get wrong() {
      return state.wrong;
    },
    /** The text was edited: keep the value it names, or say it names none. */
    typed() {
      const v = read(state.text);
      state.wrong = v === undefined;
      if (v !== undefined) {
        shown = v;
        shownAs = show(v);
        set(v);
      }
    },
  };
}
