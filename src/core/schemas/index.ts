export * from './common.ts';
export * from './kpi.ts';
export * from './program.ts';
export * from './slo.ts';
export * from './portal.ts';
export * from './annotation.ts';
