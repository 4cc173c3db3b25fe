// The kernel layer: the one door to the native addon. Each entry point is a typed function
// taking one argument object of options and tensor descriptors (entry-points.ts, generated from
// the addon's table); ops and optimizerInfo are the addon's code tables; rawAddon is the loaded
// module itself, for tests that call it directly.
export * from './entry-points';
export { addon as rawAddon, ops, optimizerInfo, schema } from './addon';
export type { EntrySchema, OpCodes, OptimizerInfo, OptionSchema, RawAddon, SimdInfo, SlotSchema } from './addon';
export type { NativeArray, TensorDescriptor } from './descriptor';
