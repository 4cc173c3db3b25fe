// Containers: Sequential (children run in order) and ModuleList (an indexable list).
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';

function expectModule(m: unknown, op: string, i: number): Module {
  if (!(m instanceof Module)) throw new TypeError(`${op}: argument ${i} is not a Module`);
  return m;
}

/** Runs its children in order, each on the previous one's output. Children are named '0', '1', ... */
export class Sequential extends Module {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      (this as unknown as Record<string, Module>)[String(i)] = expectModule(m, 'Sequential', i);
    });
  }

  get length(): number {
    return this.children().length;
  }

  /** The i-th child (negative counts from the end). */
  at(i: number): Module {
    const c = this.children();
    const m = c[i < 0 ? c.length + i : i];
    if (m === undefined) throw new RangeError(`Sequential.at: index ${i} is out of range for ${c.length} modules`);
    return m;
  }

  /** Appends a module (named by its position). */
  append(m: Module): this {
    (this as unknown as Record<string, Module>)[String(this.length)] = expectModule(m, 'Sequential.append', 0);
    return this;
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.children()) out = m.call(out);
    return out;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

/** Holds modules in a list so their parameters are discovered; it has no forward of its own. */
export class ModuleList extends Module {
  constructor(modules: Module[] = []) {
    super();
    modules.forEach((m) => this.push(m));
  }

  get length(): number {
    return this.children().length;
  }

  push(m: Module): this {
    (this as unknown as Record<string, Module>)[String(this.length)] = expectModule(m, 'ModuleList.push', 0);
    return this;
  }

  at(i: number): Module {
    const c = this.children();
    const m = c[i < 0 ? c.length + i : i];
    if (m === undefined) throw new RangeError(`ModuleList.at: index ${i} is out of range for ${c.length} modules`);
    return m;
  }

  forward(): Tensor {
    throw new TypeError('ModuleList has no forward: iterate over it and call its modules');
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}
