// The meeting document model shared by browser and server (DESIGN §3): names, seeding, typed access,
// write rights, plan hash and completeness. Pure: no I/O, no Svelte, no node: modules.
export * from './roots';
export * from './types';
export * from './origin';
export { PlanInputError, isIsoDate, normalisePlan } from './items';
export * from './seed';
export * from './accessors';
export * from './write-rights';
export * from './hash';
export { ORDER_FIELD, inPlanOrder, isOrderKey, sortByOrder } from './order';
export * from './completeness';
export * from './facts';
export * from './shape';
export * from './changes';
export * from './client-ids';
