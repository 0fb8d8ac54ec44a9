type Entry<Args extends unknown[], Result> = (...args: Args) => Promise<Result>;

/**
 * A Lambda entry point wired on the first event of a cold start and reused by every later event of the
 * same sandbox. Importing a handler stays free of work (no environment read, no client created), and a
 * wiring that fails is tried again on the next event instead of being remembered.
 */
export function wiredOnFirstEvent<Args extends unknown[], Result>(
  wire: () => Entry<Args, Result> | Promise<Entry<Args, Result>>,
): Entry<Args, Result> {
  let wired: Promise<Entry<Args, Result>> | undefined;
  return async (...args) => {
    wired ??= Promise.resolve()
      .then(wire)
      .catch((error: unknown) => {
        wired = undefined;
        throw error;
      });
    return (await wired)(...args);
  };
}
