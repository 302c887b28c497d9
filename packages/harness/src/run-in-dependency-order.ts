/** Something that may only start once the named items it depends on have finished. */
export interface DependentItem {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/**
 * Runs `worker` over `items` with at most `concurrency` at once, starting an item only after its
 * dependencies among `items` have finished (whatever their outcome), otherwise in the given order.
 * Results come back in the order of `items`.
 */
export function runInDependencyOrder<T extends DependentItem, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<R>,
): Promise<R[]> {
  const names = new Set(items.map((item) => item.name));
  const finished = new Set<string>();
  const started = new Set<number>();
  const results = new Array<R>(items.length);
  let running = 0;
  let done = 0;

  return new Promise((resolve, reject) => {
    const isReady = (item: T): boolean =>
      item.dependencies.every((dependency) => !names.has(dependency) || finished.has(dependency));

    const startNext = (): void => {
      if (done === items.length) {
        resolve(results);
        return;
      }
      while (running < Math.max(1, concurrency)) {
        let index = items.findIndex((item, i) => !started.has(i) && isReady(item));
        // A dependency cycle would wait forever; manifests have none, but never hang on a bad one.
        if (index === -1 && running === 0) index = items.findIndex((_, i) => !started.has(i));
        if (index === -1) return;
        const item = items[index] as T;
        started.add(index);
        running += 1;
        worker(item).then((result) => {
          results[index] = result;
          running -= 1;
          done += 1;
          finished.add(item.name);
          startNext();
        }, reject);
      }
    };
    startNext();
  });
}
