const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MIB_PER_UNIT: Readonly<Record<string, number>> = {
  "": 1 / 2 ** 20,
  k: 1e3 / 2 ** 20,
  M: 1e6 / 2 ** 20,
  G: 1e9 / 2 ** 20,
  T: 1e12 / 2 ** 20,
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
};

/** Millicores of a Kubernetes CPU quantity (`"250m"`, `"1"`); throws on anything else. */
export function cpuMillicores(quantity: string): number {
  const match = CPU.exec(quantity);
  if (!match) throw new Error(`not a Kubernetes CPU quantity: "${quantity}"`);
  return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

/** MiB of a Kubernetes memory quantity (`"256Mi"`, `"2Gi"`); throws on anything else. */
export function memoryMiB(quantity: string): number {
  const match = BYTES.exec(quantity);
  if (!match) throw new Error(`not a Kubernetes memory quantity: "${quantity}"`);
  return Number(match[1]) * MIB_PER_UNIT[match[2] ?? ""];
}
